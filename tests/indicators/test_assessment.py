"""Use case: the progress assessment says whether a target will be reached — hand-computed cases.

Each case shows its arithmetic; the method is docs/indicators-method.md. Rates are percent per year when
compound, units per year otherwise.
"""

from django.test import SimpleTestCase

from xanh.indicators.assessment import (
    COMPOUND,
    LINEAR,
    NOTE_GAPS,
    NOTE_MET,
    NOTE_NO_BASELINE,
    NOTE_NO_OBSERVATION,
    NOTE_ONE_OBSERVATION,
    NOTE_REGRESSING,
    NOTE_STALLED,
    NOTE_TARGET_YEAR,
    PRO_RATA,
    TargetSpec,
    assess,
)
from xanh.indicators.enums import Assessment, Direction, TargetKind

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


def level(value, year, value_max=None, **kw):
    return TargetSpec(kind=TargetKind.LEVEL, value=value, value_max=value_max, year=year, **kw)


def change(percent, year, baseline_year, baseline_value=None, **kw):
    return TargetSpec(kind=TargetKind.CHANGE, value=percent, year=year, baseline_year=baseline_year,
                      baseline_value=baseline_value, **kw)


def annual(per_year, start_year, year):
    return TargetSpec(kind=TargetKind.ANNUAL, value=per_year, start_year=start_year, year=year)


def cumulative(total, start_year, year):
    return TargetSpec(kind=TargetKind.CUMULATIVE, value=total, start_year=start_year, year=year)


class LevelTargetTest(SimpleTestCase):
    def test_it_is_on_track_when_the_observed_growth_beats_the_required_growth(self):
        # 20 (2020) → 24.2 (2022): (24.2 / 20)^(1/2) − 1 = 1.21^0.5 − 1 = +10.0 %/year observed.
        # Target 29.282 by 2025 from 24.2 in 2022: (29.282 / 24.2)^(1/3) − 1 = 1.21^(1/3) − 1 = +6.56 %/year required.
        result = assess(level(29.282, 2025), HIGHER, {2020: 20, 2021: 22, 2022: 24.2}, today_year=2024)
        self.assertEqual((result.status, result.method, result.latest_value, result.latest_period),
                         (Assessment.ON_TRACK, COMPOUND, 24.2, 2022))
        self.assertAlmostEqual(result.observed_rate, 10.0)
        self.assertAlmostEqual(result.required_rate, 6.5602, places=4)
        self.assertEqual((result.target_value, result.target_year, result.met), (29.282, 2025, False))
        # Trend from 24.2 at +10 %: 26.62 (2023), 29.282 (2024), 32.2102 (2025).
        self.assertEqual([year for year, _ in result.trend], [2022, 2023, 2024, 2025])
        self.assertAlmostEqual(result.trend[-1][1], 32.2102)
        # Path from the first observation, 20 in 2020, to 29.282 in 2025: six yearly points, ×1.0793 a year.
        self.assertEqual([year for year, _ in result.path], list(range(2020, 2026)))
        self.assertAlmostEqual(result.path[0][1], 20)
        self.assertAlmostEqual(result.path[1][1], 20 * (29.282 / 20) ** (1 / 5))
        self.assertAlmostEqual(result.path[-1][1], 29.282)

    def test_a_stable_level_already_met_is_on_track_with_nothing_more_required(self):
        # Thanh Hóa's forest cover 53.60 % (2022), 54.09 % (2025); the national target "stable at 42 %" by 2030.
        # 54.09 ≥ 42: met. Observed (54.09 / 53.60)^(1/3) − 1 = +0.30 %/year.
        result = assess(level(42, 2030), HIGHER, {2022: 53.60, 2025: 54.09}, today_year=2026)
        self.assertEqual((result.status, result.required_rate, result.met, result.note),
                         (Assessment.ON_TRACK, 0.0, True, NOTE_MET))
        self.assertAlmostEqual(result.observed_rate, 0.3038, places=4)

    def test_a_single_observation_that_meets_the_target_is_on_track(self):
        result = assess(level(42, 2030), HIGHER, {2025: 54.09}, today_year=2026)
        self.assertEqual((result.status, result.required_rate, result.observed_rate, result.latest_value),
                         (Assessment.ON_TRACK, 0.0, None, 54.09))

    def test_a_single_observation_short_of_the_target_is_insufficient_data_with_the_rate_needed(self):
        # 30 in 2024, 40 by 2030: (40 / 30)^(1/6) − 1 = +4.91 %/year needed; no rate observed.
        result = assess(level(40, 2030), HIGHER, {2024: 30}, today_year=2026)
        self.assertEqual((result.status, result.note, result.observed_rate, result.trend),
                         (Assessment.INSUFFICIENT, NOTE_ONE_OBSERVATION, None, []))
        self.assertAlmostEqual(result.required_rate, 4.9115, places=4)

    def test_no_observation_is_insufficient_data(self):
        result = assess(level(40, 2030), HIGHER, {}, today_year=2026)
        self.assertEqual((result.status, result.note, result.latest_value, result.latest_period, result.required_rate),
                         (Assessment.INSUFFICIENT, NOTE_NO_OBSERVATION, None, None, None))
        self.assertEqual(result.path, [(2030, 40)])

    def test_slower_growth_in_the_right_direction_needs_acceleration(self):
        # A range target 15–20 % (renewable share) by 2030, higher is better: 15 is the edge to reach.
        # 10 (2020) → 12 (2025): 1.2^(1/5) − 1 = +3.71 %/year observed; (15 / 12)^(1/5) − 1 = +4.56 %/year required.
        result = assess(level(15, 2030, value_max=20), HIGHER, {2020: 10, 2025: 12}, today_year=2026)
        self.assertEqual((result.status, result.target_value), (Assessment.ACCELERATE, 15))
        self.assertAlmostEqual(result.observed_rate, 3.7137, places=4)
        self.assertAlmostEqual(result.required_rate, 4.5640, places=4)

    def test_a_range_is_met_inside_it_and_beyond_it_in_the_good_direction(self):
        for value in (15, 17.5, 20, 26):  # inside 15–20, or above it (higher is better)
            with self.subTest(value=value):
                self.assertEqual(assess(level(15, 2030, value_max=20), HIGHER, {2025: value}, today_year=2026).status,
                                 Assessment.ON_TRACK)
        # Landfilled share 5–10 % (lower is better): 10 is the edge to reach; 3 % is beyond it, fine; 11 % is not.
        self.assertEqual(assess(level(5, 2030, value_max=10), LOWER, {2025: 3}, today_year=2026).met, True)
        missed = assess(level(10, 2030, value_max=5), LOWER, {2025: 11}, today_year=2026)  # the order does not matter
        self.assertEqual((missed.met, missed.target_value), (False, 10))

    def test_a_regressing_series_is_off_track(self):
        # Higher is better, 50 (2020) → 45 (2024): 0.9^(1/4) − 1 = −2.60 %/year, the wrong way.
        result = assess(level(60, 2030), HIGHER, {2020: 50, 2022: 48, 2024: 45}, today_year=2026)
        self.assertEqual((result.status, result.note), (Assessment.OFF_TRACK, NOTE_REGRESSING))
        self.assertAlmostEqual(result.observed_rate, -2.5996, places=4)
        # Required from 45 in 2024: (60 / 45)^(1/6) − 1 = +4.91 %/year.
        self.assertAlmostEqual(result.required_rate, 4.9115, places=4)

    def test_a_flat_series_is_off_track(self):
        result = assess(level(60, 2030), HIGHER, {2020: 50, 2024: 50}, today_year=2026)
        self.assertEqual((result.status, result.note, result.observed_rate), (Assessment.OFF_TRACK, NOTE_STALLED, 0))

    def test_once_the_target_year_has_data_it_is_met_or_missed(self):
        # Growing fast enough no longer matters: 41 < 42 in 2030 is missed.
        missed = assess(level(42, 2030), HIGHER, {2028: 30, 2030: 41}, today_year=2031)
        self.assertEqual((missed.status, missed.note, missed.required_rate), (Assessment.OFF_TRACK, NOTE_TARGET_YEAR,
                                                                            None))
        reached = assess(level(42, 2030), HIGHER, {2028: 30, 2030: 42}, today_year=2031)
        self.assertEqual((reached.status, reached.required_rate), (Assessment.ON_TRACK, 0.0))

    def test_a_value_at_or_below_zero_switches_to_linear_change(self):
        # Net emissions to 0 by 2050 (lower is better): 50 (2020) → 40 (2025) is (40 − 50) / 5 = −2 per year;
        # from 40 in 2025 to 0 in 2050 needs (0 − 40) / 25 = −1.6 per year: on track, in units per year.
        result = assess(level(0, 2050), LOWER, {2020: 50, 2025: 40}, today_year=2026)
        self.assertEqual((result.status, result.method, result.observed_rate, result.required_rate),
                         (Assessment.ON_TRACK, LINEAR, -2.0, -1.6))
        self.assertEqual(result.trend[:3], [(2025, 40), (2026, 38), (2027, 36)])
        # The path runs linearly from the first observation: (0 − 50) / 30 years = −1.67 a year.
        self.assertEqual([year for year, _ in result.path[:2]], [2020, 2021])
        self.assertAlmostEqual(result.path[1][1], 50 - 50 / 30)

    def test_observations_after_the_as_of_year_are_ignored(self):
        result = assess(level(29.282, 2025), HIGHER, {2020: 20, 2022: 24.2, 2023: 10}, today_year=2022)
        self.assertEqual((result.latest_period, result.status), (2022, Assessment.ON_TRACK))


class ChangeTargetTest(SimpleTestCase):
    def test_a_lower_is_better_change_is_measured_from_the_baseline(self):
        # GHG intensity −15 % vs 2014 by 2030, baseline 100: the target is 100 × (1 − 15/100) = 85.
        # 100 (2014) → 90 (2024): 0.9^(1/10) − 1 = −1.05 %/year observed; (85 / 90)^(1/6) − 1 = −0.95 %/year needed.
        target = change(-15, 2030, baseline_year=2014, baseline_value=100)
        result = assess(target, LOWER, {2014: 100, 2019: 95, 2024: 90}, today_year=2026)
        self.assertEqual((result.status, result.target_value, result.method), (Assessment.ON_TRACK, 85, COMPOUND))
        self.assertAlmostEqual(result.observed_rate, -1.0481, places=4)
        self.assertAlmostEqual(result.required_rate, -0.9481, places=4)
        # The path runs from the baseline (2014, 100) to (2030, 85): 17 points, ×(0.85)^(1/16) a year.
        self.assertEqual((len(result.path), result.path[0]), (17, (2014, 100)))
        self.assertAlmostEqual(result.path[1][1], 100 * 0.85 ** (1 / 16))
        self.assertAlmostEqual(result.path[-1][1], 85)

    def test_a_slower_fall_needs_acceleration(self):
        # 100 (2014) → 96 (2024): 0.96^(1/10) − 1 = −0.41 %/year; (85 / 96)^(1/6) − 1 = −2.01 %/year needed.
        result = assess(change(-15, 2030, 2014, 100), LOWER, {2014: 100, 2024: 96}, today_year=2026)
        self.assertEqual(result.status, Assessment.ACCELERATE)
        self.assertAlmostEqual(result.observed_rate, -0.4074, places=4)
        self.assertAlmostEqual(result.required_rate, -2.0079, places=4)

    def test_a_rise_of_a_lower_is_better_indicator_is_regressing(self):
        # 100 (2014) → 102 (2019): 1.02^(1/5) − 1 = +0.40 %/year, away from 85.
        result = assess(change(-15, 2030, 2014, 100), LOWER, {2014: 100, 2019: 102}, today_year=2026)
        self.assertEqual((result.status, result.note), (Assessment.OFF_TRACK, NOTE_REGRESSING))
        self.assertAlmostEqual(result.observed_rate, 0.3968, places=4)

    def test_the_observed_rate_starts_at_the_first_observation_since_the_baseline_year(self):
        # 2010 is before the baseline year and does not count: 100 (2014) → 90 (2024) as above.
        result = assess(change(-15, 2030, 2014, 100), LOWER, {2010: 300, 2014: 100, 2024: 90}, today_year=2026)
        self.assertAlmostEqual(result.observed_rate, -1.0481, places=4)

    def test_without_a_baseline_value_the_baseline_years_observation_is_the_baseline(self):
        # 80 in 2014, +25 % → 100 by 2030; 80 → 90 (2024) is 1.125^(1/10) − 1 = +1.19 %/year;
        # (100 / 90)^(1/6) − 1 = +1.77 %/year needed.
        result = assess(change(25, 2030, 2014), HIGHER, {2014: 80, 2024: 90}, today_year=2026)
        self.assertEqual((result.target_value, result.status), (100, Assessment.ACCELERATE))
        self.assertAlmostEqual(result.observed_rate, 1.1848, places=4)
        self.assertAlmostEqual(result.required_rate, 1.7715, places=4)

    def test_without_any_baseline_it_is_insufficient_data(self):
        result = assess(change(25, 2030, 2014), HIGHER, {2020: 80, 2024: 90}, today_year=2026)
        self.assertEqual((result.status, result.note, result.target_value), (Assessment.INSUFFICIENT,
                                                                             NOTE_NO_BASELINE, None))


class AnnualTargetTest(SimpleTestCase):
    def test_a_running_total_below_the_path_but_above_four_fifths_needs_acceleration(self):
        # 10,000 ha a year, 2023–2030 (8 years, 80,000 ha). As of 2025: 9,000 + 11,000 + 8,000 = 28,000 ha
        # against the path 3 × 10,000 = 30,000 — 93 %, at least 80 %: needs acceleration.
        # Needed: (80,000 − 28,000) / 5 years left = 10,400 ha a year; observed 28,000 / 3 = 9,333.3 a year.
        result = assess(annual(10_000, 2023, 2030), HIGHER, {2023: 9_000, 2024: 11_000, 2025: 8_000}, today_year=2025)
        self.assertEqual((result.status, result.method, result.cumulative, result.required_rate),
                         (Assessment.ACCELERATE, PRO_RATA, 28_000, 10_400))
        self.assertAlmostEqual(result.observed_rate, 9_333.3333, places=3)
        self.assertEqual((result.latest_value, result.latest_period, result.target_value), (8_000, 2025, 10_000))
        self.assertEqual((result.years_observed, result.years_met), (3, 1))  # only 2024 reached 10,000
        self.assertEqual((result.path[0], result.path[-1], len(result.path)), ((2023, 10_000), (2030, 80_000), 8))
        # Trend: the running total growing by the observed 9,333.3 a year: 28,000 + 5 × 9,333.3 = 74,666.7 by 2030.
        self.assertEqual((result.trend[0], result.trend[-1][0]), ((2025, 28_000), 2030))
        self.assertAlmostEqual(result.trend[-1][1], 74_666.6667, places=3)

    def test_a_running_total_under_four_fifths_of_the_path_is_off_track(self):
        # 7,000 + 8,000 = 15,000 against 20,000: 75 % < 80 %. Needed (80,000 − 15,000) / 6 = 10,833.3 a year.
        result = assess(annual(10_000, 2023, 2030), HIGHER, {2023: 7_000, 2024: 8_000}, today_year=2024)
        self.assertEqual(result.status, Assessment.OFF_TRACK)
        self.assertAlmostEqual(result.required_rate, 10_833.3333, places=3)

    def test_a_missing_year_is_no_data_not_zero(self):
        # As of 2026: four years elapsed (2023–2026), two observed (2023, 2025) — not more than half missing.
        # 10,000 + 10,500 = 20,500 against 2 × 10,000 = 20,000: on track.
        # Needed: the 2 observed years + the 5 after 2025 owe 7 × 10,000 = 70,000; (70,000 − 20,500) / 5 = 9,900.
        result = assess(annual(10_000, 2023, 2030), HIGHER, {2023: 10_000, 2025: 10_500}, today_year=2026)
        self.assertEqual((result.status, result.cumulative, result.required_rate, result.years_observed),
                         (Assessment.ON_TRACK, 20_500, 9_900, 2))

    def test_more_than_half_of_the_elapsed_years_missing_is_insufficient_data(self):
        # As of 2026: 4 years elapsed, 1 observed, 3 missing > 2.
        result = assess(annual(10_000, 2023, 2030), HIGHER, {2023: 10_000}, today_year=2026)
        self.assertEqual((result.status, result.note, result.latest_value), (Assessment.INSUFFICIENT, NOTE_GAPS,
                                                                             10_000))
        self.assertEqual(assess(annual(10_000, 2023, 2030), HIGHER, {2020: 5}, today_year=2026).note,
                         NOTE_NO_OBSERVATION)

    def test_the_last_year_is_met_or_missed(self):
        # 8 years of 9,000 = 72,000 < 80,000 (90 %): no time is left to accelerate.
        values = {year: 9_000 for year in range(2023, 2031)}
        result = assess(annual(10_000, 2023, 2030), HIGHER, values, today_year=2031)
        self.assertEqual((result.status, result.required_rate, result.trend), (Assessment.OFF_TRACK, None, []))
        values[2030] = 17_000  # 63,000 + 17,000 = 80,000
        result = assess(annual(10_000, 2023, 2030), HIGHER, values, today_year=2031)
        self.assertEqual((result.status, result.required_rate, result.met, result.note),
                         (Assessment.ON_TRACK, 0.0, True, NOTE_MET))


class CumulativeTargetTest(SimpleTestCase):
    def test_a_running_total_exactly_on_the_path_is_on_track(self):
        # 80,000 ha over 2023–2030: the path is 80,000 × 2 / 8 = 20,000 by 2024; 12,000 + 8,000 = 20,000 is on it.
        # Needed: (80,000 − 20,000) / 6 = 10,000 a year.
        result = assess(cumulative(80_000, 2023, 2030), HIGHER, {2023: 12_000, 2024: 8_000}, today_year=2024)
        self.assertEqual((result.status, result.cumulative, result.required_rate, result.target_value),
                         (Assessment.ON_TRACK, 20_000, 10_000, 80_000))
        self.assertEqual(result.path[1], (2024, 20_000))

    def test_a_cumulative_cap_is_on_track_while_under_the_path(self):
        # At most 300 over 2021–2023 (100 a year), lower is better: 90 + 95 = 185 ≤ 200. Left: (300 − 185) / 1 = 115.
        result = assess(cumulative(300, 2021, 2023), LOWER, {2021: 90, 2022: 95}, today_year=2022)
        self.assertEqual((result.status, result.required_rate), (Assessment.ON_TRACK, 115))
        # 120 + 125 = 245 > 200, but 0.8 × 245 = 196 ≤ 200: needs acceleration (of the reduction).
        result = assess(cumulative(300, 2021, 2023), LOWER, {2021: 120, 2022: 125}, today_year=2022)
        self.assertEqual(result.status, Assessment.ACCELERATE)

    def test_a_period_not_begun_is_insufficient_data(self):
        result = assess(cumulative(80_000, 2023, 2030), HIGHER, {2021: 5_000}, today_year=2022)
        self.assertEqual((result.status, result.latest_value), (Assessment.INSUFFICIENT, None))


class TargetSpecTest(SimpleTestCase):
    def test_it_reads_a_targets_decimals_as_floats(self):
        from decimal import Decimal

        from xanh.indicators.models import Target

        target = Target(kind=TargetKind.CHANGE, value=Decimal("-15.000000"), year=2030, baseline_year=2014,
                        baseline_value=Decimal("100"))
        spec = TargetSpec.of(target)
        self.assertEqual((spec.value, spec.baseline_value, spec.value_max), (-15.0, 100.0, None))
        self.assertEqual(assess(target, LOWER, {2014: 100, 2024: 90}, today_year=2026).target_value, 85)


class TargetYearOverTest(SimpleTestCase):
    """Once the target year is over, the value of that year decides; there is no pace left to keep."""

    def test_without_the_target_years_value_the_verdict_waits_for_it(self):
        # 30 (2020), 39 (2023), target 40 by 2025, assessed in 2028: nothing for 2025 yet, 39 < 40.
        result = assess(level(40, 2025), HIGHER, {2020: 30, 2023: 39}, today_year=2028)
        self.assertEqual((result.status, result.required_rate), (Assessment.INSUFFICIENT, None))

    def test_values_after_the_target_year_do_not_decide_it(self):
        # 41 in 2025 meets 40 by 2025; a fall to 35 in 2027 does not undo it.
        result = assess(level(40, 2025), HIGHER, {2020: 30, 2025: 41, 2027: 35}, today_year=2028)
        self.assertEqual((result.status, result.latest_value, result.latest_period), (Assessment.ON_TRACK, 41, 2025))

    def test_an_annual_target_whose_period_is_over_is_met_or_missed_never_to_accelerate(self):
        # 10 000 ha/yr 2023–2030; 2023–2029 at 9 000 (63 000 < 70 000 on the observed years); 2030 missing; 2032.
        values = {year: 9000 for year in range(2023, 2030)}
        result = assess(annual(10000, 2023, 2030), HIGHER, values, today_year=2032)
        self.assertEqual((result.status, result.required_rate), (Assessment.OFF_TRACK, None))

    def test_a_baseline_value_without_a_baseline_year_does_not_break_the_assessment(self):
        result = assess(level(50, 2030, baseline_value=20), HIGHER, {2021: 30, 2024: 36}, today_year=2025)
        self.assertEqual(result.path[0], (2021, 30.0))
        self.assertIn(result.status, (Assessment.ON_TRACK, Assessment.ACCELERATE))

    def test_an_absurd_series_gives_an_answer_not_an_overflow(self):
        # a million-millionfold jump in one year: far faster than needed, and the projection overflows a float
        result = assess(level(2e6, 2200), HIGHER, {2020: 1e-6, 2021: 1e6}, today_year=2022)
        self.assertEqual(result.status, Assessment.ON_TRACK)
        self.assertTrue(all(abs(v) < float("inf") for _, v in result.trend))
