import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { NotFoundError } from '@backstage/errors';
import { ANNOTATION_MLFLOW_REGISTERED_MODEL } from '@internal/plugin-mlops-common';
import { parseAllDocuments } from 'yaml';
import { MlflowClient } from '../modelRegistry/MlflowClient';

/*
 * Against the sandbox's real `mlflow server`, seeded by sandbox/mlflow/seed.py
 * (`sandbox up` starts it; `sandbox env` exports MLOPS_MLFLOW_URL). Runs
 * only when MLOPS_MLFLOW_URL is set.
 */
const url = process.env.MLOPS_MLFLOW_URL;
const describeMlflow = url ? describe : describe.skip;

const EXAMPLES = path.resolve(__dirname, '../../../../examples/ml-org');

/** Registered model name of every model-service component, as seed.py reads them. */
function seededModels(): string[] {
  const names = new Set<string>();
  for (const file of fs
    .readdirSync(EXAMPLES)
    .filter(f => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(EXAMPLES, file), 'utf8'),
    )) {
      const entity = doc.toJS();
      if (entity?.kind !== 'Component' || entity.spec?.type !== 'model-service')
        continue;
      names.add(
        entity.metadata.annotations?.[ANNOTATION_MLFLOW_REGISTERED_MODEL] ??
          entity.metadata.name,
      );
    }
  }
  return [...names].sort();
}

/** A loopback port that was free a moment ago (fetch refuses low ports such as 9 as "bad port"). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describeMlflow('MlflowClient against a seeded mlflow server', () => {
  const client = new MlflowClient({
    name: 'sandbox',
    url: url!,
    timeoutMs: 10_000,
    pageSize: 2,
  });
  const models = seededModels();

  it('finds the example model services', () => {
    expect(models).toEqual(
      expect.arrayContaining([
        'fraud-scorer',
        'reco-candidate-retrieval',
        'support-llm',
        'image-moderation',
      ]),
    );
  });

  it.each(models)(
    'reads %s: versions, champion and challenger, runs with metrics',
    async name => {
      const answer = await client.registeredModel(name);
      if (!answer.ok) throw new Error(answer.error.message);
      const model = answer.value;
      const versions = model.versions.map(v => v.version);
      expect(versions.length).toBeGreaterThanOrEqual(2);
      expect(versions).toEqual(
        [...versions].sort((a, b) => Number(b) - Number(a)),
      );
      expect(model.aliases).toEqual({
        challenger: versions[0],
        champion: versions[1],
      });
      expect(model.versions[0].aliases).toEqual(['challenger']);
      expect(model.versions[1].aliases).toEqual(['champion']);
      expect(model.truncated).toBe(false);
      for (const version of model.versions) {
        expect(version.status).toBe('READY');
        expect(version.source).toBe(`runs:/${version.runId}/model`);
        expect(Date.parse(version.createdAt)).toBeGreaterThan(0);
        expect(version.run?.status).toBe('FINISHED');
        expect(version.run?.metrics.val_loss).toEqual(expect.any(Number));
        expect(Object.keys(version.run?.params ?? {}).length).toBeGreaterThan(
          0,
        );
      }
    },
  );

  it('reads the deprecated stages next to the aliases', async () => {
    const answer = await client.registeredModel('fraud-scorer');
    if (!answer.ok) throw new Error(answer.error.message);
    expect(
      answer.value.versions.map(v => [v.version, v.aliases, v.stage]),
    ).toEqual([
      ['3', ['challenger'], 'Staging'],
      ['2', ['champion'], 'Production'],
      ['1', [], 'Archived'],
    ]);
    expect(answer.value.versions[1].run?.metrics).toEqual({
      auc: 0.931,
      accuracy: 0.984,
      val_loss: 0.063,
    });
    // get, two search pages of 2, three runs
    expect(answer.requests).toBe(6);
  });

  it('reads the champion by its alias, as registeredModel does', async () => {
    const byAlias = await client.versionByAlias('support-llm', 'champion');
    const model = await client.registeredModel('support-llm');
    if (!byAlias.ok || !model.ok) throw new Error('no answer');
    expect(byAlias.value.version).toBe(model.value.aliases.champion);
    expect(byAlias.value.run?.metrics).toEqual(
      model.value.versions.find(v => v.version === byAlias.value.version)?.run
        ?.metrics,
    );
  });

  it('throws NotFoundError for a model or an alias the registry does not hold', async () => {
    await expect(client.registeredModel('no-such-model')).rejects.toThrow(
      new NotFoundError(
        "Registered model 'no-such-model' not found in MLflow registry 'sandbox'",
      ),
    );
    await expect(client.versionByAlias('fraud-scorer', 'blue')).rejects.toThrow(
      "Registered model 'fraud-scorer' has no alias 'blue' in MLflow registry 'sandbox'",
    );
    await expect(
      client.versionByAlias('no-such-model', 'champion'),
    ).rejects.toThrow(NotFoundError);
  });

  it('types a registry nobody listens on', async () => {
    const port = await closedPort();
    const closed = new MlflowClient({
      name: 'gone',
      url: `http://127.0.0.1:${port}`,
      timeoutMs: 2000,
    });
    await expect(closed.registeredModel('fraud-scorer')).resolves.toMatchObject(
      {
        ok: false,
        error: {
          kind: 'unreachable',
          message: "MLflow registry 'gone' is unreachable (ECONNREFUSED)",
        },
      },
    );
  });
});
