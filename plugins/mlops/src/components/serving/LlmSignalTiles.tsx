import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LlmFigures, ServiceLevelStatus } from '@internal/plugin-mlops-common';
import {
  formatCost,
  formatMs,
  formatPercent,
  formatRate,
} from '../shared/format';
import { SignalTile, SignalTileGrid } from './SignalTileGrid';

/** Above this KV-cache use, new requests queue or preempt running ones. */
const KV_CACHE_FULL = 0.9;

/** 19.4M, 850k: token counts at a glance. */
function formatCount(n: number | null): string {
  if (n === null) return '–';
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return n.toFixed(0);
}

function perMinute(perSecond: number | null): string {
  return perSecond === null ? '–' : formatRate(perSecond * 60);
}

/** Time to first token, time per token, tokens, queue and KV cache of an LLM server. */
export function LlmSignalTiles(props: {
  llm: LlmFigures;
  slo: ServiceLevelStatus | null;
}) {
  const { llm } = props;
  const objective = (figure: 'ttft' | 'tpot') =>
    props.slo?.tokenObjectives.find(o => o.figure === figure);
  const hint = (figure: 'ttft' | 'tpot', p50: number | null) => {
    const o = objective(figure);
    return `p50 ${formatMs(p50)}${
      o ? ` · objective ${formatMs(o.p95ObjectiveMs)}` : ''
    }`;
  };
  const { cost } = llm;
  const currency = cost?.currency ?? 'USD';
  const burning = (figure: 'ttft' | 'tpot') =>
    !!objective(figure)?.alerts.some(a => a.firing);
  // Each tile with the figure it stands on: the server may not export it.
  const tiles: Array<SignalTile & { figure: number | null }> = [
    {
      id: 'ttft',
      figure: llm.ttftP95Ms,
      label: 'Time to first token p95',
      value: formatMs(llm.ttftP95Ms),
      hint: hint('ttft', llm.ttftP50Ms),
      alarm: burning('ttft'),
    },
    {
      id: 'tpot',
      figure: llm.tpotP95Ms,
      label: 'Time per output token p95',
      value: formatMs(llm.tpotP95Ms),
      hint: hint('tpot', llm.tpotP50Ms),
      alarm: burning('tpot'),
    },
    {
      id: 'tokens',
      figure: llm.outputTokensPerSecond,
      label: 'Output tokens',
      value: `${formatRate(llm.outputTokensPerSecond)}/s`,
      hint: `input ${formatRate(llm.inputTokensPerSecond)}/s`,
      alarm: false,
    },
    {
      id: 'queue',
      figure: llm.requestsWaiting,
      label: 'Requests waiting',
      value: formatRate(llm.requestsWaiting),
      hint: `${formatRate(llm.requestsRunning)} running`,
      // More waiting than running: the server takes in less than it is sent.
      alarm:
        (llm.requestsWaiting ?? 0) > 0 &&
        (llm.requestsWaiting ?? 0) > (llm.requestsRunning ?? 0),
    },
    {
      id: 'cost',
      figure: cost?.perMillionOutputTokens ?? cost?.perHour ?? null,
      label: 'Cost per 1M output tokens',
      value: formatCost(cost?.perMillionOutputTokens ?? null, currency),
      hint: cost
        ? `${formatCost(cost.perHour, currency)}/h for ${cost.gpus} GPU${
            cost.gpus === 1 ? '' : 's'
          } · ${formatCount(cost.outputTokensPerHour)} tokens/h${
            cost.unpricedGpus > 0
              ? ` · ${cost.unpricedGpus} GPU(s) of a model without a price`
              : ''
          }`
        : '',
      alarm: false,
    },
    {
      id: 'kv-cache',
      figure: llm.kvCacheUsage,
      label: 'KV cache',
      value: formatPercent(llm.kvCacheUsage),
      hint: `fullest pod · ${perMinute(
        llm.preemptionsPerSecond,
      )} preemptions/min`,
      alarm: (llm.kvCacheUsage ?? 0) >= KV_CACHE_FULL,
    },
  ];
  return (
    <>
      <SignalTileGrid tiles={tiles.filter(t => t.figure !== null)} />
      {llm.notes.map(note => (
        <Box mt={1} key={note}>
          <Typography variant="caption" color="textSecondary">
            {note}
          </Typography>
        </Box>
      ))}
    </>
  );
}
