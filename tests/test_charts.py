"""Chart specs: the selected date is marked only when asked, so the unmarked spec is one for every date."""

from territory.charts import control_chart_spec


def test_the_selected_date_is_a_rule_only_when_given(dataset):
    snapshots = dataset.snapshots.snapshots
    marked = control_chart_spec(snapshots, None, snapshots[0].date)
    plain = control_chart_spec(snapshots, None)
    assert [layer["mark"]["type"] for layer in marked["layer"]] == ["line", "rule"]
    assert marked["layer"][1]["data"]["values"] == [{"date": snapshots[0].date.isoformat()}]
    assert [layer["mark"]["type"] for layer in plain["layer"]] == ["line"]
    assert plain["layer"][0] == marked["layer"][0]
