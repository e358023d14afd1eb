import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { FleetView } from '@internal/plugin-mlops-common';
import { useState } from 'react';
import { LastUpdated } from '../shared/LastUpdated';
import { SourcesNotice } from '../shared/SourcesNotice';
import { FleetGpuPanel } from './FleetGpuPanel';
import { FleetServicesTable } from './FleetServicesTable';
import { FleetSummary } from './FleetSummary';
import { FleetTeamsTable } from './FleetTeamsTable';
import { useFleet } from './useFleet';

function FleetTabs(props: { view: FleetView }) {
  const { view } = props;
  const [tab, setTab] = useState(0);
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_, value) => setTab(value)}
        indicatorColor="primary"
      >
        <Tab label="Services" />
        <Tab label="Teams" />
        <Tab label="GPUs" />
      </Tabs>
      <Box mt={2}>
        {tab === 0 && (
          <FleetServicesTable
            rows={view.services}
            wholeFleet={view.wholeFleet}
          />
        )}
        {tab === 1 && (
          <FleetTeamsTable
            teams={view.teams}
            currency={view.gpus.cost.currency}
          />
        )}
        {tab === 2 && (
          <FleetGpuPanel gpus={view.gpus} wholeFleet={view.wholeFleet} />
        )}
      </Box>
    </>
  );
}

/** The model fleet: every model service, team and GPU pool, live. */
export function FleetPage() {
  const answer = useFleet();
  const { value, error, loading } = answer;
  let body;
  if (value === undefined) {
    body = loading ? (
      <Progress />
    ) : (
      <ResponseErrorPanel
        error={error ?? new Error('No answer from /api/mlops')}
      />
    );
  } else if (value.state === 'pending') {
    body = (
      <EmptyState
        missing="data"
        title="Not computed yet"
        description={value.message}
      />
    );
  } else {
    body = (
      <>
        <Box mb={2}>
          <FleetSummary view={value} />
          <LastUpdated updatedAt={answer.updatedAt} live={answer.live} />
        </Box>
        <SourcesNotice sources={value.sources} />
        {!value.wholeFleet && (
          <Box mb={1}>
            <OwnServicesNote />
          </Box>
        )}
        <FleetTabs view={value} />
      </>
    );
  }
  return (
    <Page themeId="tool">
      <Header
        title="Model fleet"
        subtitle="Every model service, team and GPU, worst first"
      />
      <Content>{body}</Content>
    </Page>
  );
}

function OwnServicesNote() {
  return (
    <span data-testid="own-services-only">
      You see the services your groups own; the platform team sees the whole
      fleet.
    </span>
  );
}
