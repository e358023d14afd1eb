import Typography from '@material-ui/core/Typography';
import {
  HpaBehaviorView,
  HpaScalingRulesView,
} from '@internal/plugin-mlops-common';

function rules(direction: string, r: HpaScalingRulesView | null): string {
  if (!r) return `${direction}: Kubernetes' defaults`;
  const window =
    r.stabilizationWindowSeconds === null
      ? 'default stabilisation window'
      : `stabilisation window ${r.stabilizationWindowSeconds} s`;
  const policies = r.policies.map(
    p =>
      `${p.value}${p.type === 'Percent' ? ' %' : ' pods'} per ${
        p.periodSeconds
      } s`,
  );
  const select = r.selectPolicy ? ` (${r.selectPolicy} of them)` : '';
  return `${direction}: ${window}${
    policies.length ? `; at most ${policies.join(' or ')}${select}` : ''
  }`;
}

/** `behavior`: how fast the HPA may scale each way. */
export function HpaBehavior(props: { behavior: HpaBehaviorView | null }) {
  if (!props.behavior) {
    return (
      <Typography variant="body2" color="textSecondary">
        Kubernetes' defaults (scale-down stabilisation 5 minutes)
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2">
        {rules('Scale up', props.behavior.scaleUp)}
      </Typography>
      <Typography variant="body2">
        {rules('Scale down', props.behavior.scaleDown)}
      </Typography>
    </>
  );
}
