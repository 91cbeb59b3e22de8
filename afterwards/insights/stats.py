"""The statistics behind "Patterns": plain NumPy and SciPy, no Django.

A person's days are not independent: a low day is often followed by another. A test
that treats each day as a separate observation finds patterns that are not there. So
every comparison the page makes is a regression with errors that are an AR(1) process
plus noise of each day's own (`fit_many`), fitted by generalised least squares:

- Five-step answers are a slowly wandering mood seen through rounding: the AR(1) part
  is the wander, the noise the rounding and the day's own ups and downs. A plain AR(1)
  model fitted to such answers reads the day-to-day correlation as smaller than the
  wander really is, and a comparison then looks surer than it is (issue 18 found
  closeness, sleep and hard-date patterns 6-10% of the time where none was, on very
  persistent moods).
- Days sit on a calendar grid; a Kalman filter runs over it, a day not noted being one
  it only predicts across, so gaps are exact and nothing is assumed about them. It runs
  once for all of a person's regressions together, one step a day.
- phi and the noise share are not known: every pair of a grid (phi up to 0.995) is
  fitted, weighted by its restricted likelihood (REML). Tests use Student's t (or F) on
  n - k - 2 degrees of freedom.
- The model of the three days after closeness held together reads p averaged over
  the grid (`coefficient`); everything else (each day after closeness on its own, hard
  weeks, the cycle's parts, sleep, trends) reads the largest p over every (phi, noise)
  the days leave plausible, the interval the union of theirs (`coefficient_plausible`,
  `wald_p_plausible`): a p maximised over a likelihood region for the nuisance
  parameters, as in Berger and Boos (1994, JASA 89:1012), without their added gamma and
  so checked by simulation instead.

`fit_ar1` (plain AR(1) errors, exact across gaps) remains for the couple's pattern.

`bench/patterns.py` checks by simulation, on processes well beyond AR(1) (persistence to
0.98, AR(2), a slow wander plus fast moves, long memory, weekly rhythms, 3 weeks to 2
years), that across every pattern the page tests at once with Holm's procedure,
journals without any true pattern are shown one no more than about 5% of the time, and
journals with one true pattern are shown a false one beside it no more than that.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special  # type: ignore[import-untyped]
from scipy.optimize import brentq  # type: ignore[import-untyped]

Array = npt.NDArray[np.float64]

# The autocorrelations considered. Negative values are allowed but rare in daily moods.
PHI_GRID = np.round(np.arange(-0.3, 0.9901, 0.0125), 4)
# For trends: the slow wander's phi and the share of each day's variance that is noise of
# its own (rounding to five steps alone gives about 0.1).
TREND_PHI: Array = np.array(
    [0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995]
)
TREND_NOISE = np.array([0.0, 0.1, 0.25, 0.45, 0.7, 0.9, 1.0])
# The values of phi and the noise share whose restricted log-likelihood is within this of
# the best are "plausible": their joint 95% region (chi-squared on 2 degrees of freedom,
# 5.99 / 2). The one-parameter limit (3.84 / 2), used before, is too narrow for two.
# Wider regions were tried on tuning seeds for trends, where a line fitted over 16 weeks
# takes up part of a slow wander so that the likelihood leans towards less persistence
# than is there: the 99% region (9.21 / 2) kept a change of four steps over 100 days
# unsaid in most journals, and the 99.99% one in all, while moods with phi 0.98 were still
# shown a trend not there in 1% of journals. docs/performance.md gives the trade-off.
PLAUSIBLE_DROP = 2.996
LEVEL = 0.95


@dataclass(frozen=True)
class Fit:
    """One coefficient of a fitted regression with AR(1) errors."""

    estimate: float
    low: float  # the 95% interval
    high: float
    p: float  # two-sided
    phi: float  # the day-to-day autocorrelation used
    n: int  # days used
    df: int


@dataclass(frozen=True)
class Model:
    """A whole fitted regression, for every phi of the grid with its weight."""

    beta: Array  # (G, k)
    cov: Array  # (G, k, k)
    weights: Array  # (G,): how well each phi fits, summing to 1
    phi: float  # the weighted mean, for reports
    n: int
    df: int

    @property
    def plausible(self) -> npt.NDArray[np.bool_]:
        """The grid's values within PLAUSIBLE_DROP of the best restricted likelihood."""
        out: npt.NDArray[np.bool_] = self.weights >= self.weights.max() * np.exp(-PLAUSIBLE_DROP)
        return out


def _observed(y: Array, X: Array) -> npt.NDArray[np.bool_]:
    return np.isfinite(y) & np.all(np.isfinite(X), axis=1)


def _whitened_products(
    values: Array, gaps: npt.NDArray[np.int64], phi: Array
) -> tuple[Array, Array]:
    """V*'V* for every phi of the grid, where V* is `values` (n, m) after the AR(1)
    transform: (G, m, m); and the log of the transform's diagonal summed over days (G,).

    Day t after a gap of d days becomes s_d (v_t - phi**d v_s). Its products are a
    quadratic in rho = phi**d, so each length of gap needs three m x m sums, whatever the
    number of days: five years cost little more than five months.
    """
    phi2 = phi**2
    first = values[0]
    products = (1.0 - phi2)[:, None, None] * np.outer(first, first)[None]
    logdiag = 0.5 * np.log(1.0 - phi2)
    later, earlier = values[1:], values[:-1]
    for gap in np.unique(gaps):
        at = gaps == gap
        now, before = later[at], earlier[at]
        both = now.T @ now
        cross = now.T @ before
        cross = cross + cross.T
        past = before.T @ before
        rho = phi**gap
        scale2 = (1.0 - phi2) / (1.0 - rho**2)
        products += scale2[:, None, None] * (
            both[None] - rho[:, None, None] * cross[None] + (rho**2)[:, None, None] * past[None]
        )
        logdiag = logdiag + 0.5 * int(at.sum()) * np.log(scale2)
    return products, logdiag


def fit_ar1(y: Array, X: Array, positions: Array | None = None) -> Model | None:
    """Regression of y on X (intercept included by the caller) with AR(1) errors.

    `y` (T,) and `X` (T, k) are on the calendar grid; a NaN anywhere in a row leaves the
    day out. `positions` gives each row's day number when rows are not consecutive days.
    None when the data cannot support the model (too few days, no variation).
    """
    keep = _observed(y, X)
    pos = np.arange(len(y)) if positions is None else np.asarray(positions)
    yk, Xk, pk = y[keep], X[keep], pos[keep].astype(np.int64)
    n, k = Xk.shape
    if n < k + 3:
        return None
    if np.linalg.matrix_rank(Xk) < k:
        return None
    gaps = np.diff(pk)
    # A regressor that is the same on every day cannot be told apart from the mean.
    joined = np.column_stack([yk, Xk])
    grid = PHI_GRID
    products, logdiag = _whitened_products(joined, gaps, grid)
    A = products[:, 1:, 1:]
    b = products[:, 1:, 0]
    beta = np.linalg.solve(A, b[:, :, None])[:, :, 0]
    rss = products[:, 0, 0] - np.einsum("gk,gk->g", b, beta)
    if not np.all(rss > 1e-9 * max(float(np.var(yk)) * n, 1e-12)):
        return None  # the same answer every day: nothing varies to compare
    _, logdet = np.linalg.slogdet(A)
    reml = -0.5 * ((n - k) * np.log(rss / (n - k)) - 2.0 * logdiag + logdet)
    df = n - k - 1  # one more for phi
    if df < 2:
        return None
    # phi is not known, and on ~100 days its estimate is uncertain enough that fixing it
    # at the best value makes slow trends look surer than they are. Each value of phi is
    # weighted by its restricted likelihood, and tests and intervals average over them.
    weights = np.exp(reml - reml.max())
    weights /= weights.sum()
    cov = (rss / df)[:, None, None] * np.linalg.inv(A)
    return Model(beta, cov, weights, float(weights @ grid), n, df)


def coefficient(model: Model, column: int, level: float = LEVEL) -> Fit:
    """One coefficient: its estimate, interval (95% unless `level` says otherwise) and
    two-sided p, averaged over phi."""
    # Values of phi that fit far worse than the best carry no weight worth computing.
    keep = model.weights > 1e-8 * model.weights.max()
    w = model.weights[keep] / model.weights[keep].sum()
    b = model.beta[keep, column]
    se = np.sqrt(model.cov[keep, column, column])
    estimate = float(w @ b)
    p = float(w @ (2 * special.stdtr(model.df, -np.abs(b) / se)))

    def below(x: float) -> float:
        return float(w @ special.stdtr(model.df, (x - b) / se))

    width = float(special.stdtrit(model.df, 0.999) * se.max()) + float(np.ptp(b))
    tail = (1 - level) / 2
    # To a thousandth of a step: the page says tenths.
    low = brentq(lambda x: below(x) - tail, estimate - width, estimate + width, xtol=1e-3)
    high = brentq(lambda x: below(x) - (1 - tail), estimate - width, estimate + width, xtol=1e-3)
    return Fit(estimate, low, high, min(p, 1.0), model.phi, model.n, model.df)


def fit_trend(y: Array, X: Array, positions: Array | None = None) -> Model | None:
    """Regression of y on X with AR(1) + noise errors (see fit_many), for one model.
    `positions` gives each row's day number when rows are not consecutive days."""
    if positions is not None:
        pos = np.asarray(positions, dtype=np.int64)
        size = int(pos.max() - pos.min()) + 1
        grid_y = np.full(size, np.nan)
        grid_X = np.full((size, X.shape[1]), np.nan)
        grid_y[pos - pos.min()] = y
        grid_X[pos - pos.min()] = X
        y, X = grid_y, grid_X
    return fit_many([(y, X)])[0]


CHUNK = 128  # days whose whitened values are kept at once before they are summed


def fit_many(asks: list[tuple[Array, Array]]) -> list[Model | None]:
    """Regressions of y on X (intercept included by the caller), all on the same calendar
    of days, each with errors that are AR(1) plus noise of each day's own (see the
    module docstring). A NaN anywhere in a row leaves that day out of that regression.

    Every (phi, noise share) of TREND_PHI x TREND_NOISE is fitted by generalised least
    squares through a Kalman filter over the calendar: a day left out is a day the
    filter only predicts across, so gaps are exact. The filter runs once for every
    regression at once, one step a day: the cost grows with the days, hardly with the
    number of regressions. Weights over the grid as in fit_ar1; two nuisance
    parameters, so n - k - 2 degrees of freedom. Read a model with coefficient() or
    coefficient_plausible(). None for a regression the days cannot support."""
    out: list[Model | None] = [None] * len(asks)
    used = []
    for index, (y, X) in enumerate(asks):
        keep = _observed(y, X)
        n, k = int(keep.sum()), X.shape[1]
        if n < k + 4 or np.linalg.matrix_rank(X[keep]) < k:
            continue
        used.append((index, keep, np.column_stack([y, X])))
    if not used:
        return out
    days = len(used[0][1])
    phi = np.repeat(TREND_PHI, len(TREND_NOISE))
    noise = np.tile(TREND_NOISE, len(TREND_PHI))
    G, M = len(phi), len(used)
    mask = np.column_stack([keep for _, keep, _ in used])  # (days, M)
    widths = [Z.shape[1] for _, _, Z in used]
    owner = np.repeat(np.arange(M), widths)  # the regression of each column
    starts = np.r_[0, np.cumsum(widths)]
    Z = np.nan_to_num(np.hstack([columns for _, _, columns in used]))  # (days, C)
    C = Z.shape[1]
    # The state is the slow wander (variance 1 - noise); each day adds `noise`. Total 1:
    # the scale is profiled out. The gains depend on phi, noise and the days left out,
    # not on the answers: they come first, for every day, a small array a step.
    seen = mask.astype(float)
    P = np.repeat((1.0 - noise)[None, :], M, axis=0)  # predicted state variance (M, G)
    fresh = (1.0 - noise) * (1.0 - phi**2)
    phi2 = phi**2
    gains = np.empty((days, M, G))
    fs = np.empty((days, M, G))
    for t in range(days):
        f = P + noise
        gain = P / f
        gain *= seen[t][:, None]
        fs[t], gains[t] = f, gain
        P = phi2 * (P - gain * P) + fresh
    logf = np.einsum("tmg,tm->mg", np.log(fs), seen)
    scale = seen[:, :, None] / np.sqrt(fs)  # (days, M, G)
    # Then each column's prediction, state[t + 1] = carry[t] state[t] + push[t] z[t]: two
    # operations a day for every column of every regression. Each day's arrays are made
    # as the day comes (column by grid, small enough to stay in the cache; making them for
    # a chunk of days at once took about 1.4 times as long over two years of days, the
    # most of Patterns' time under `make bench-load`). The whitened values are kept a
    # chunk of days at a time, laid out (day, column, grid), the grid innermost.
    products = [np.zeros((G, w, w)) for w in widths]
    state = np.zeros((C, G))
    carry, pushed = np.empty((C, G)), np.empty((C, G))
    rows = np.empty((min(CHUNK, days), C, G))
    for first in range(0, days, CHUNK):
        last = min(first + CHUNK, days)
        for t in range(last - first):
            g = gains[first + t][owner]  # (C, G)
            np.subtract(1.0, g, out=carry)
            carry *= phi
            np.multiply(g, phi, out=pushed)
            pushed *= Z[first + t, :, None]
            np.subtract(Z[first + t, :, None], state, out=rows[t])
            rows[t] *= scale[first + t][owner]
            np.multiply(carry, state, out=state)
            state += pushed
        by_grid = np.ascontiguousarray(rows[: last - first].transpose(2, 1, 0))  # (G, C, d)
        for j in range(M):
            part = by_grid[:, starts[j] : starts[j + 1]]
            products[j] += part @ part.transpose(0, 2, 1)
    for j, (index, keep, _) in enumerate(used):
        out[index] = _gls(products[j], logf[j], int(keep.sum()), phi)
    return out


def _gls(products: Array, logf: Array, n: int, phi: Array) -> Model | None:
    A = products[:, 1:, 1:]
    b = products[:, 1:, 0]
    k = A.shape[1]
    beta = np.linalg.solve(A, b[:, :, None])[:, :, 0]
    rss = products[:, 0, 0] - np.einsum("gk,gk->g", b, beta)
    if not np.all(rss > 1e-9 * max(float(products[:, 0, 0].min()), 1e-12)):
        return None
    df = n - k - 2
    if df < 2:
        return None
    _, logdet = np.linalg.slogdet(A)
    reml = -0.5 * ((n - k) * np.log(rss / (n - k)) + logf + logdet)
    weights = np.exp(reml - reml.max())
    weights /= weights.sum()
    cov = (rss / df)[:, None, None] * np.linalg.inv(A)
    return Model(beta, cov, weights, float(weights @ phi), n, df)


def coefficient_plausible(model: Model, column: int, level: float = LEVEL) -> Fit:
    """One coefficient, cautiously: the estimate averaged as in coefficient(), but the p
    the largest, and the interval the union, over every value of the nuisance parameters
    whose restricted log-likelihood is within PLAUSIBLE_DROP of the best. A pattern is
    then shown only if it stands out whichever of those values is the truth."""
    plausible = model.plausible
    w = model.weights / model.weights.sum()
    b = model.beta[plausible, column]
    se = np.sqrt(model.cov[plausible, column, column])
    p = float(np.max(2 * special.stdtr(model.df, -np.abs(b) / se)))
    half = special.stdtrit(model.df, 1 - (1 - level) / 2) * se
    estimate = float(w @ model.beta[:, column])
    low, high = float(np.min(b - half)), float(np.max(b + half))
    low, high = min(low, estimate), max(high, estimate)
    return Fit(estimate, low, high, min(p, 1.0), model.phi, model.n, model.df)


def wald_p_plausible(model: Model, columns: list[int]) -> float:
    """p of "all these coefficients are zero" (an F test), cautiously: the largest p over
    the plausible values of phi (as in coefficient_plausible), for regressors that come
    in blocks of days."""
    plausible = model.plausible
    b = model.beta[plausible][:, columns]
    cov = model.cov[plausible][:, columns][:, :, columns]
    f = np.einsum("gk,gk->g", b, np.linalg.solve(cov, b[:, :, None])[:, :, 0]) / len(columns)
    return float(np.max(special.fdtrc(len(columns), model.df, f)))


def benjamini_hochberg(p: list[float] | Array, q: float = 0.05) -> npt.NDArray[np.bool_]:
    """Which of the p-values are discoveries when the false discovery rate is held at q."""
    values = np.asarray(p, dtype=float)
    m = len(values)
    if m == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(values, kind="stable")
    passed = values[order] <= q * np.arange(1, m + 1) / m
    found = np.zeros(m, dtype=bool)
    if passed.any():
        last = int(np.nonzero(passed)[0].max())
        found[order[: last + 1]] = True
    return found


def holm(p: list[float] | Array, q: float = 0.05) -> npt.NDArray[np.bool_]:
    """Which of the p-values stand when the chance of ANY false one among them is held at
    q, whatever the others are (Holm's step-down): the smallest p against q / m, the next
    against q / (m - 1), and so on until one fails. A lone pattern meets the same bar as
    under Benjamini-Hochberg (q / m); a second is held to nearly it too, where
    Benjamini-Hochberg would ease it to 2q / m."""
    values = np.asarray(p, dtype=float)
    m = len(values)
    found = np.zeros(m, dtype=bool)
    for rank, index in enumerate(np.argsort(values, kind="stable")):
        if values[index] > q / (m - rank):
            break
        found[index] = True
    return found
