"""The staff page shows the ordinance as it is structured, and the admin only views it."""

import pytest
from django.urls import reverse

from shisaku.demo.loader import demo_ordinance
from shisaku.ordinance.models import Article
from shisaku.ordinance.services import save_ordinance

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordinance(db):
    return save_ordinance(demo_ordinance(), summarised=True, check_access=False).ordinance


def test_the_page_shows_preamble_parts_articles_paragraphs_items_and_supplementary(
        ordinance, users, login, django_assert_max_num_queries):
    client = login(users["viewer"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("ordinance:index")).content.decode()
    assert "（要約）" in page
    for number in range(1, 25):
        assert f'id="article-{number}"' in page
    assert page.index('id="preamble"') < page.index('id="article-1"')
    assert page.index('id="article-24"') < page.index('id="supplementary"')
    assert page.count('class="ordinance-part"') == 5
    items = sum(len(p.items) for a in Article.objects.all() for p in a.paragraphs)
    assert page.count('<span class="item-number">') == items
    numbered = sum(1 for a in Article.objects.all() for p in a.paragraphs if p.number > 1)
    assert page.count('<span class="paragraph-number">') == numbered


def test_the_admin_shows_the_ordinance_but_does_not_change_it(ordinance, root, client):
    client.force_login(root)
    article = Article.objects.get(number=12)
    assert client.get(reverse("admin:ordinance_article_change", args=[article.pk])
                      ).status_code == 200
    assert client.get(reverse("admin:ordinance_ordinance_change", args=[ordinance.pk])
                      ).status_code == 200
    assert client.get(reverse("admin:ordinance_article_add")).status_code == 403
    response = client.post(reverse("admin:ordinance_article_change", args=[article.pk]),
                           {"number": 12, "title": "書き換え", "kind": "measure", "text": "x"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "書き換え"
