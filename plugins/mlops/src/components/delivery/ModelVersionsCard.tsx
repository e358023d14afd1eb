import { InfoCard } from '@backstage/core-components';
import { AnswerGate } from '../shared/AnswerGate';
import { ModelVersionsInfoCard } from './ModelVersionsPanel';
import { useDelivery } from './useDelivery';

/** Entity card: the model versions the service serves, from its delivery answer. */
export function ModelVersionsCard() {
  const answer = useDelivery();
  return (
    <AnswerGate
      answer={answer}
      notConfigured="hide"
      frame={view => (
        <InfoCard
          title="Model versions"
          titleTypographyProps={{ component: 'h2' }}
        >
          {view}
        </InfoCard>
      )}
    >
      {value => <ModelVersionsInfoCard registry={value.modelRegistry} />}
    </AnswerGate>
  );
}
