import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';
import { entity } from '../shared/fixtures';
import { ClaimConflictNotice, conflictSentence } from './ClaimConflictNotice';
import { gpuJob, gpuJobsAnswer } from './fixtures';
import { GpuJobsCard } from './GpuJobsCard';

const TRAINING = 'component:default/fraud-model-training';
const COPYCAT = 'component:default/copycat';
const contested = gpuJob({ claimants: [COPYCAT, TRAINING] });

describe('conflictSentence', () => {
  it.each([
    [
      'the owner',
      TRAINING,
      contested,
      `Job sandbox-east/fraud-ml/fraud-model-training-run-2 is also claimed by ${COPYCAT}; it stays with this entity.`,
    ],
    [
      'the other claimant',
      COPYCAT,
      contested,
      `Job sandbox-east/fraud-ml/fraud-model-training-run-2 is also claimed by ${TRAINING}; it is attributed to ${TRAINING}.`,
    ],
    [
      'the owning group',
      'group:default/fraud-ml',
      contested,
      `Job sandbox-east/fraud-ml/fraud-model-training-run-2 is claimed by ${COPYCAT}, ${TRAINING}; it is attributed to ${TRAINING}.`,
    ],
    [
      'a claimant, the job without owner',
      'Component:default/Copycat',
      gpuJob({ claimants: [COPYCAT, TRAINING], entityRef: null }),
      `Job sandbox-east/fraud-ml/fraud-model-training-run-2 is also claimed by ${TRAINING}; it is attributed to nobody.`,
    ],
  ])('seen by %s', (_, viewer, job, expected) => {
    expect(conflictSentence(job, viewer)).toBe(expected);
  });
});

describe('ClaimConflictNotice', () => {
  it('says nothing without a conflict', async () => {
    await renderInTestApp(
      <ClaimConflictNotice viewer={TRAINING} jobs={[gpuJob()]} />,
    );
    expect(screen.queryByText(/claimed by/)).not.toBeInTheDocument();
  });

  it.each([
    [TRAINING, `is also claimed by ${COPYCAT}; it stays with this entity`],
    [
      COPYCAT,
      `is also claimed by ${TRAINING}; it is attributed to ${TRAINING}`,
    ],
  ])(
    'shows the conflict on the GPU jobs card of %s',
    async (viewer, sentence) => {
      const api: Partial<MlopsApi> = {
        getGpuJobs: async () =>
          gpuJobsAnswer({ entityRef: viewer, jobs: [contested] }),
      };
      await renderInTestApp(
        <EntityProvider entity={entity}>
          <GpuJobsCard />
        </EntityProvider>,
        { apis: [[mlopsApiRef, api]] },
      );
      expect(
        await screen.findByText(
          'Warning: 1 GPU job is claimed by more than one entity',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(new RegExp(sentence))).toBeInTheDocument();
      expect(
        screen.getByText(/Ask the platform team to remove the annotation/),
      ).toBeInTheDocument();
    },
  );
});
