from territory.base import palette


def test_control_scale_is_ordered_and_distinct():
    colours = [palette.control_colour(p) for p in (0, 0.5, 3, 10, 40, 60, 80, 99.5)]
    assert len(set(colours)) == len(colours)
    assert palette.control_colour(None) == palette.NO_FIGURE_COLOUR
    assert palette.NO_FIGURE_COLOUR not in palette.CONTROL_COLOURS
    assert palette.FILTERED_COLOUR not in palette.CONTROL_COLOURS


def test_no_red_green_pair():
    for colour in palette.CONTROL_COLOURS + palette.CHANGE_COLOURS:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert not (g > r + 30 and g > b + 30), f"{colour} is green"


def test_change_scale_diverges():
    assert palette.change_colour(-80) == palette.CHANGE_COLOURS[0]
    assert palette.change_colour(0) == palette.CHANGE_COLOURS[palette.NO_CHANGE_INDEX]
    assert palette.change_colour(80) == palette.CHANGE_COLOURS[-1]
    assert palette.change_colour(-20) in palette.CHANGE_COLOURS[:palette.NO_CHANGE_INDEX]
    assert palette.change_colour(20) in palette.CHANGE_COLOURS[palette.NO_CHANGE_INDEX + 1:]
    assert palette.change_colour(None) == palette.NO_FIGURE_COLOUR


def test_legends_cover_every_class():
    labels = [i.label for i in palette.control_legend()]
    assert labels[0] == "0 %" and labels[-1] == "no figure" and len(labels) == 9


def test_large_gains_and_losses_get_different_colours():
    """+48 pp and +75 pp (and their losses) fall into different classes of the change map."""
    assert palette.change_colour(48) != palette.change_colour(75)
    assert palette.change_colour(-48) != palette.change_colour(-75)
    assert len(palette.change_legend()) == len(palette.CHANGE_COLOURS) + 1  # + "no figure"


def test_the_app_and_pages_take_every_colour_from_the_palette():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    hex_colour = re.compile(r"['\"\s:]#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")
    found = [f"{path.relative_to(root)}:{n}" for path in [*root.glob("app/*.py"), *root.glob("pages/*.py")]
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if hex_colour.search(line)]
    assert found == []
