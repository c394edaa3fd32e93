"""The published result: counts, each summary with the city's view grouped by chapter, as a
page, a PDF and a Word document; never a sender's name, e-mail, address or own wording."""

import io

import pytest
from django.urls import reverse

from .conftest import ADDRESS, EMAIL, NAME, RAW

pytestmark = pytest.mark.django_db

MARKERS = (NAME, EMAIL, ADDRESS, RAW, "marker-person")


def test_the_result_page_shows_counts_summaries_and_views_by_chapter_and_no_personal_data(
        client, published):
    response = client.get(reverse("consultation:public_result", args=[published.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("事業承継の支援の拡充を求める意見", "承継支援の取組に反映します。",
                 "研究開発拠点との連携を求める意見", "今後の取組の参考とします。",
                 "第1章 計画の考え方", "第2章 施策の展開", "市民（個人）", "事業者"):
        assert text in page, text
    assert page.index("第1章 計画の考え方") < page.index("事業承継の支援の拡充") < page.index(
        "第2章 施策の展開") < page.index("研究開発拠点との連携")
    assert [m for m in MARKERS if m in page] == []


def test_every_public_page_of_a_published_consultation_is_free_of_personal_data(
        client, published):
    for name in ("public_list", "public_detail", "public_form", "public_thanks",
                 "public_result"):
        url = reverse(f"consultation:{name}", args=[] if name == "public_list"
                      else [published.pk])
        page = client.get(url).content.decode()
        assert [m for m in MARKERS if m in page] == [], name


def test_the_result_is_not_public_before_it_is_published(client, open_consultation):
    assert client.get(reverse("consultation:public_result",
                              args=[open_consultation.pk])).status_code == 404
    assert client.get(reverse("consultation:public_document",
                              args=[open_consultation.pk, "pdf"])).status_code == 404


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _docx(data: bytes) -> tuple[list[tuple[str, str]], str]:
    from docx import Document

    word = Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.text.strip()]
    cells = "\n".join(cell.text for table in word.tables for row in table.rows
                      for cell in row.cells)
    return headings, "\n".join(t for _, t in headings) + "\n" + cells


def test_the_result_reads_back_from_the_pdf_with_headings_counts_and_every_opinion(
        client, published):
    response = client.get(reverse("consultation:public_document", args=[published.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content).replace(" ", "")
    for expected in ("意見募集の結果について", "1概要", "2意見の件数", "3意見の要旨と市の考え方",
                     "第1章計画の考え方", "第2章施策の展開", "合計2件", "事業承継の支援の拡充を求める意見",
                     "承継支援の取組に反映します。", "研究開発拠点との連携を求める意見"):
        assert expected in text, expected
    assert [m for m in MARKERS if m.replace(" ", "") in text] == []


def test_the_result_reads_back_from_the_word_document(client, published):
    response = client.get(reverse("consultation:public_document", args=[published.pk, "docx"]))
    assert response.status_code == 200
    paragraphs, text = _docx(response.content)
    titles = [t for _, t in paragraphs]
    for heading in ("1 概要", "2 意見の件数", "3 意見の要旨と市の考え方", "第1章 計画の考え方",
                    "第2章 施策の展開"):
        assert any(heading in t for t in titles), heading
    for expected in ("2件", "1件", "事業承継の支援の拡充を求める意見", "今後の取組の参考とします。"):
        assert expected in text, expected
    assert [m for m in MARKERS if m in text] == []


def test_the_result_document_counts_by_category_and_by_class(published):
    from shisaku.consultation.result import public_result

    result = public_result(published)
    assert result.total == 2
    assert dict(result.by_category) == {"市民（個人）": 1, "事業者": 1, "団体": 0, "その他": 0}
    assert {code: n for code, _, n in result.by_class} == {"A": 1, "B": 0, "C": 1, "D": 0,
                                                           "E": 0}
    fields = {f for o in result.chapters[0].opinions for f in vars(o)}
    assert fields == {"number", "category", "summary", "view_code", "view"}
