"""The city's settings: the press release's contact and the report's web page."""

import pytest
from django.core.exceptions import ValidationError

from shisaku.city.models import CitySettings

pytestmark = pytest.mark.django_db


def settings(**fields) -> CitySettings:
    return CitySettings(city_name="川崎市", bureau_name="経済労働局",
                        planning_division="産業政策部企画課", **fields)


def test_the_report_page_is_a_web_address():
    settings(report_url="https://www.city.kawasaki.jp/280/page/0000073236.html").full_clean()
    for bad in ("javascript:alert(1)", "www.city.kawasaki.jp", "ftp://example.org/x"):
        with pytest.raises(ValidationError) as error:
            settings(report_url=bad).full_clean()
        assert "report_url" in error.value.message_dict


def test_the_press_contact_fields_may_stay_empty():
    city = settings()
    city.full_clean()
    assert (city.press_contact, city.press_phone, city.report_url) == ("", "", "")
