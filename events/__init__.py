"""Events: the ACLED-shaped event model, article readers, and extraction from articles.

    from events import Extractor, read_file
    for article in read_file(Path("seeds/....txt")):
        result = Extractor().extract(article)   # result.events, result.mentions
"""

from .articles import ArticleError, read_file
from .extract import Extraction, Extractor
from .model import ACLED_COLUMNS, TAXONOMY, Article, Event, Mention

__all__ = ["ACLED_COLUMNS", "TAXONOMY", "Article", "ArticleError", "Event", "Extraction", "Extractor", "Mention",
           "read_file"]
