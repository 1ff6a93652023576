"""Low bandwidth: the longest lesson page with its CSS and JS stays under 60 KB."""

from __future__ import annotations

import re

from app.learning import policy
from tests.conftest import post

BUDGET = 60 * 1024


def linked_assets(client, html: str) -> int:
    """Bytes of the stylesheets and scripts the page links to (from this site)."""
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
        r'<script src="([^"]+)"', html
    )
    assert urls, "the page links its CSS"
    total = 0
    for url in urls:
        with client.get(url) as response:
            total += len(response.data)
    return total


def answer_everything(app, client, lesson) -> None:
    for n, block in enumerate(policy.interactive_blocks(lesson)):
        choice = [block.data.options[0].id]
        post(
            client,
            app,
            f"/learn/lessons/{lesson.id}/answers/{block.id}",
            {"answer": choice, "key": f"w{n}"},
        )


def test_the_longest_lesson_page_with_its_css_and_js_is_under_60_kb(app, learner, course):
    sizes = {
        lesson.id: len(learner.get(f"/learn/lessons/{lesson.id}").data)
        for module in course.modules
        for lesson in module.lessons
    }
    longest = max(sizes, key=sizes.get)
    answer_everything(app, learner, course.lesson(longest))  # feedback makes a page longer
    html = learner.get(f"/learn/lessons/{longest}").get_data(as_text=True)
    total = len(html.encode()) + linked_assets(learner, html)
    print(f"longest lesson {longest}: page {len(html.encode())} B, total {total} B")
    assert total < BUDGET, f"{longest}: {total} bytes"


def test_assets_have_fingerprinted_urls_and_long_cache_lives(learner):
    html = learner.get("/learn/lessons/ind-external-pressure").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', html).group(1)
    js = re.search(r'src="(/static/js/learning\.js\?v=[0-9a-f]{12})"', html).group(1)
    for url in (css, js):
        with learner.get(url) as response:
            assert "max-age=31536000" in response.headers["Cache-Control"]


def test_pages_are_compressed_when_the_client_accepts_it(learner):
    response = learner.get(
        "/learn/lessons/ind-external-pressure", headers={"Accept-Encoding": "gzip"}
    )
    assert response.headers["Content-Encoding"] == "gzip"
    plain = learner.get("/learn/lessons/ind-external-pressure")
    assert "Content-Encoding" not in plain.headers
    assert len(response.data) < len(plain.data) / 2
