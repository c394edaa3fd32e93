import pytest

from shisaku.lib.articles import format_article


def test_an_article_is_named_with_its_number_between_dai_and_jo():
    assert format_article(12) == "第12条"
    assert format_article(19, "short") == "19条"


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError):
        format_article(12, "long")
