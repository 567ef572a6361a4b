"""Chart specs: the selected date is marked only when asked, so the unmarked spec is one for every date."""

from territory.present.charts import control_chart_spec


def test_the_selected_date_is_a_rule_only_when_given(dataset):
    snapshots = dataset.snapshots.snapshots
    marked = control_chart_spec(snapshots, None, snapshots[0].date)
    plain = control_chart_spec(snapshots, None)
    assert [layer["mark"]["type"] for layer in marked["layer"]] == ["line", "rule"]
    assert marked["layer"][1]["data"]["values"] == [{"date": snapshots[0].date.isoformat()}]
    assert [layer["mark"]["type"] for layer in plain["layer"]] == ["line"]
    assert plain["layer"][0] == marked["layer"][0]


def test_every_time_label_names_its_year_in_both_languages(dataset):
    """Vega's default time labels name the year only at January ticks: with ticks in April and October the
    Ukrainian chart read "квітень, жовтень, квітень" with no year (issue 23). Every label carries its year."""
    from territory.present.charts import vega_locale

    snapshots = dataset.snapshots.snapshots
    for lang in ("en", "uk"):
        axis = control_chart_spec(snapshots, None, lang=lang)["layer"][0]["encoding"]["x"].get("axis", {})
        assert "%Y" in axis.get("format", ""), (lang, axis)
    months = vega_locale("uk")["time"]["shortMonths"]
    assert months[3].startswith("квіт") and len(months) == 12
