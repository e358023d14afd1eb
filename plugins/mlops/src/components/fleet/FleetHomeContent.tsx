import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import { fleetRouteRef } from '../../routes';
import { LastUpdated } from '../shared/LastUpdated';
import { FleetSummary } from './FleetSummary';
import { useFleet } from './useFleet';

/** The fleet in a few figures, for the home page, with a link to the fleet page. */
export function FleetHomeContent() {
  const answer = useFleet();
  const fleetPage = useRouteRef(fleetRouteRef);
  const { value, error, loading } = answer;
  if (value === undefined) {
    return loading ? (
      <Progress />
    ) : (
      <ResponseErrorPanel
        error={error ?? new Error('No answer from /api/mlops')}
      />
    );
  }
  return (
    <>
      {value.state === 'pending' ? (
        value.message
      ) : (
        <>
          <FleetSummary view={value} />
          <LastUpdated updatedAt={answer.updatedAt} live={answer.live} />
        </>
      )}
      {fleetPage && (
        <Box mt={1}>
          <Link to={fleetPage()}>Open the model fleet</Link>
        </Box>
      )}
    </>
  );
}
