import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  text: {
    color: '#ffffff',
    fontSize: 22,
    fontWeight: 700,
    letterSpacing: 0.5,
    whiteSpace: 'nowrap',
  },
  accent: { color: '#7df3e1' },
});

/** The portal's name as shown in the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.text}>
      <span className={classes.accent}>MLOps</span> Portal
    </span>
  );
};
