/**
 * Damped additive-trend exponential smoothing, with additive weekly seasonality (Holt-Winters) or
 * without (damped Holt). Damping (φ < 1) flattens the trend as the horizon grows, so a few rising
 * days never extrapolate into an unbounded line — which is why damped trend did so well in the M3
 * forecasting competition.
 *
 * Smoothing parameters come from a small grid, searched one parameter at a time (coordinate
 * descent, until no change improves) for the least squared one-step-ahead error over the history
 * after its first week. That typically evaluates ~25 of the grid's 135 points; the backtest refits
 * at every origin, so this is most of the forecast's running time.
 */
const WEEK = 7;
/**
 * Days fitted: 16 weeks. Even the slowest smoothing on the grid (0.05) gives a day 16 weeks back
 * a weight of 0.95^112 ≈ 0.3%, so older days would change little but the running time.
 */
const FIT_DAYS = 112;

type Parameters = { alpha: number; beta: number; gamma: number; phi: number };
type State = { level: number; trend: number; seasonals: number[] };

/** β stays small: spend trends change slowly, and a reactive trend reads a level shift as a slope and overshoots. */
const GRID: Record<keyof Parameters, number[]> = {
  alpha: [0.05, 0.15, 0.3, 0.5, 0.8],
  beta: [0.01, 0.05, 0.15],
  gamma: [0.05, 0.15, 0.3],
  phi: [0.8, 0.9, 0.98],
};
/** Where the search starts: middling smoothing, moderate damping. */
const START: Parameters = { alpha: 0.3, beta: 0.05, gamma: 0.15, phi: 0.9 };

/**
 * The state just before day 0: level and trend from the means of the first two weeks (one week's
 * mean and no trend when shorter), weekday offsets from the detrended first two weeks.
 */
function initialState(history: readonly number[], seasonal: boolean): State {
  const weekMean = (from: number) => history.slice(from, from + WEEK).reduce((sum, value) => sum + value, 0) / Math.min(WEEK, history.length - from);
  const first = weekMean(0);
  const trend = history.length >= 2 * WEEK ? (weekMean(WEEK) - first) / WEEK : 0;
  // The first week's mean is the level at its middle (day 3); step back to day −1.
  const level = first - 4 * trend;
  const seasonals = Array<number>(WEEK).fill(0);
  if (seasonal) {
    for (let day = 0; day < WEEK; day++) {
      const lineAt = (t: number) => first + (t - 3) * trend;
      seasonals[day] = (history[day] - lineAt(day) + history[day + WEEK] - lineAt(day + WEEK)) / 2;
    }
    const average = seasonals.reduce((sum, value) => sum + value, 0) / WEEK;
    for (let day = 0; day < WEEK; day++) seasonals[day] -= average;
  }
  return { level, trend, seasonals };
}

/** Runs the smoothing equations over `history`; returns the final state and the one-step squared error. */
function smooth(history: readonly number[], start: State, parameters: Parameters, seasonal: boolean): { state: State; squaredError: number } {
  const { alpha, beta, gamma, phi } = parameters;
  let { level, trend } = start;
  const seasonals = start.seasonals.slice();
  let squaredError = 0;
  for (let t = 0; t < history.length; t++) {
    const slot = t % WEEK;
    const season = seasonal ? seasonals[slot] : 0;
    const damped = level + phi * trend;
    const error = history[t] - damped - season;
    if (t >= WEEK) squaredError += error * error;
    const nextLevel = alpha * (history[t] - season) + (1 - alpha) * damped;
    if (seasonal) seasonals[slot] = gamma * (history[t] - damped) + (1 - gamma) * season;
    trend = beta * (nextLevel - level) + (1 - beta) * phi * trend;
    level = nextLevel;
  }
  return { state: { level, trend, seasonals }, squaredError };
}

/**
 * Point forecasts for `horizon` days after `history`. Seasonal needs two full weeks of history;
 * without seasonality, one week.
 */
/** The grid point with the least one-step error reachable by improving one parameter at a time. */
function fitParameters(history: readonly number[], start: State, seasonal: boolean): { parameters: Parameters; state: State } {
  const names: (keyof Parameters)[] = seasonal ? ["alpha", "beta", "gamma", "phi"] : ["alpha", "beta", "phi"];
  let parameters = START;
  let best = smooth(history, start, parameters, seasonal);
  for (let improved = true; improved; ) {
    improved = false;
    for (const name of names) {
      for (const value of GRID[name]) {
        if (value === parameters[name]) continue;
        const candidate = { ...parameters, [name]: value };
        const fit = smooth(history, start, candidate, seasonal);
        if (fit.squaredError < best.squaredError) {
          best = fit;
          parameters = candidate;
          improved = true;
        }
      }
    }
  }
  return { parameters, state: best.state };
}

/**
 * Point forecasts for `horizon` days after `history`. Seasonal needs two full weeks of history;
 * without seasonality, one week.
 */
export function dampedTrendForecast(fullHistory: readonly number[], horizon: number, seasonal: boolean): number[] {
  const history = fullHistory.slice(-FIT_DAYS);
  const { parameters, state } = fitParameters(history, initialState(history, seasonal), seasonal);
  const path: number[] = [];
  let dampedSum = 0;
  for (let step = 1; step <= horizon; step++) {
    dampedSum += parameters.phi ** step;
    const season = seasonal ? state.seasonals[(history.length - 1 + step) % WEEK] : 0;
    path.push(Math.max(0, state.level + dampedSum * state.trend + season));
  }
  return path;
}
