import { LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { ServingLink } from '@internal/plugin-mlops-common';

/** Deep links to Grafana and Prometheus, when configured. */
export function ServingLinks(props: { links: ServingLink[] }) {
  if (props.links.length === 0) return null;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {props.links.map(link => (
        <LinkButton
          key={link.url}
          to={link.url}
          size="small"
          variant="outlined"
          color="primary"
        >
          {link.title}
        </LinkButton>
      ))}
    </Box>
  );
}
