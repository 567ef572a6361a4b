import pytest

from territory.base.names import normalize_name
from territory.data.geodata import resolve_unit


@pytest.mark.parametrize("name", ["Luhans'k", "Luhansk", "LUHANSK", "Луганська область", "Lugansk", "UA-09",
                                  "Luhans’k", "luhansk oblast", "Луганская область", "  Luhansk  ", "ua 09"])
def test_luhansk_spellings(name):
    assert resolve_unit(name) == "UA-09"


@pytest.mark.parametrize("name, iso", [
    ("Kyiv", "UA-30"), ("Kiev", "UA-30"), ("Київ", "UA-30"), ("Kyiv City", "UA-30"),
    ("Kyiv Oblast", "UA-32"), ("Kiev Oblast", "UA-32"), ("Київська область", "UA-32"),
    ("Zaporozhye", "UA-23"), ("Zaporizhzhia", "UA-23"), ("Kharkov", "UA-63"), ("Nikolaev", "UA-48"),
    ("Odessa", "UA-51"), ("Krym", "UA-43"), ("Crimea", "UA-43"), ("Dnepropetrovsk", "UA-12"),
    ("Khmelnytskyi", "UA-68"), ("Vinnytsia", "UA-05"), ("Zakarpattia", "UA-21"), ("Transcarpathia", "UA-21"),
    ("Ivano-Frankivsk", "UA-26"), ("Ivano Frankivsk", "UA-26"), ("Sevastopol", "UA-40"),
    ("Donetska oblast", "UA-14"),  # pycountry's official name
])
def test_aliases_and_official_names(name, iso):
    assert resolve_unit(name) == iso


@pytest.mark.parametrize("name", ["", "   ", "Atlantis", "UA-99", "Rostov", "<script>"])
def test_unknown_names(name):
    assert resolve_unit(name) is None


def test_normalize_ignores_apostrophe_variants_and_case():
    assert normalize_name("Luhans'k") == normalize_name("LUHANS’K") == normalize_name("luhansʼk")
