import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  tile: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(1),
  },
  alarm: { borderLeftColor: theme.palette.error.main },
  value: { fontWeight: 600 },
}));

/** One figure with its label and a line of context; `alarm` marks it red. */
export interface SignalTile {
  /** Names the tile for tests; the label's first word when absent. */
  id?: string;
  label: string;
  value: string;
  hint: string;
  alarm: boolean;
}

/** A row of figures, four to a row on wide screens. */
export function SignalTileGrid(props: { tiles: SignalTile[] }) {
  const classes = useStyles();
  return (
    <Grid container spacing={2}>
      {props.tiles.map(tile => (
        <Grid item xs={6} md={3} key={tile.label}>
          <Box
            className={`${classes.tile} ${tile.alarm ? classes.alarm : ''}`}
            data-testid={`signal-${
              tile.id ?? tile.label.split(' ')[0].toLowerCase()
            }`}
          >
            <Typography variant="overline" color="textSecondary">
              {tile.label}
            </Typography>
            <Typography variant="h6" className={classes.value}>
              {tile.value}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {tile.hint}
            </Typography>
          </Box>
        </Grid>
      ))}
    </Grid>
  );
}
