"""Feed items: a caption in any namespace is not the story (case files in tests/cases/readers)."""

from tests.conftest import CASES
from transforms.readers import parse_file

READERS = CASES / "readers"


def test_publisher_namespace_captions_are_not_the_story():
    path = READERS / "feed_namespaced_captions.rss"
    parsed = parse_file(path.name, path.read_bytes())
    texts = {article.title: article for article in parsed.articles}
    fall = texts["Midfielder to miss the final after a cycling fall"]
    assert fall.text.startswith("The midfielder injured his leg")
    assert fall.text_flags == ()
    parking = texts["City parking free on the national holiday"]
    assert parking.text.startswith("Street parking will be free")
    assert parsed.rejects == ()
