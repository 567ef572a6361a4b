"""The browser section's budget logic (bench/browser.py) on made-up samples: no browser, no timing."""


def test_browser_budgets_are_ratios_to_the_naive_and_floor_apps():
    from bench.browser import Samples, measures

    samples = Samples()
    for app, paint, step, settled, kb in (("dashboard", 1200, 40, 500, 60), ("naive", 2000, 2000, 3000, 900),
                                          ("floor", 1000, 250, 250, 40)):
        samples.add("first_paint_warm", app, paint)
        samples.add("step_short_repaint", app, step)
        samples.add("step_short_settled", app, settled)
        samples.add("step_kb", app, kb)
    samples.add("step_kb", "dashboard", 120)
    by_name = {m.name: m for m in measures(samples)}
    paint = by_name["browser_first_paint_warm"]
    assert [c["limit"] for c in paint.extra["budgets"]] == [1300.0, 1200.0] and paint.ok
    assert paint.extra["ratio_to_floor"] == 1.2 and paint.extra["ratio_to_naive"] == 0.6
    step = by_name["browser_step_short_repaint"]
    # issue 26: a step repaints in at most 0.3 × the floor's step, and the median under 50 ms
    assert [c["limit"] for c in step.extra["budgets"]] == [75.0, 400.0, 50.0] and step.ok
    assert by_name["browser_step_short_settled"].budget == 500.0 and by_name["browser_step_short_settled"].ok
    assert by_name["browser_step_kb"].ok is False  # the largest step (120 KB) counts


def test_the_timelines_play_and_bytes_to_repaint_have_absolute_budgets():
    from bench.browser import Samples, measures

    samples = Samples()
    for value in (28.0, 31.0):
        samples.add("play_days_per_second", "dashboard", value)
    samples.add("play_dropped_days", "dashboard", 0.0)
    samples.add("play_dropped_days", "dashboard", 2.0)
    for kb in (0.0, 12.0, 45.0):
        samples.add("step_repaint_kb", "dashboard", kb)
    by_name = {m.name: m for m in measures(samples)}
    assert by_name["browser_play_days_per_second"].ok and by_name["browser_play_days_per_second"].unit == "days/s"
    assert by_name["browser_play_dropped_days"].ok is False  # one run dropped days
    assert by_name["browser_step_repaint_kb"].ok is False  # the largest, 45 KB, is over 40 KB
