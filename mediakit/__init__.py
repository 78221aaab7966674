"""mediakit: analyse Arabic news in Jupyter.

Read a corpus, clean and de-duplicate it, then count, compare and plot. See the README.

Examples
--------
>>> import mediakit as mk
>>> df = mk.deduplicate(mk.clean_articles(mk.load_sample()), progress=False)
>>> int(df["duplicate_of"].notna().sum()) > 0
True
"""

import logging
from importlib.metadata import PackageNotFoundError, version

from mediakit import arabic, choose, scale, tagger
from mediakit.analyzer import Analyzer
from mediakit.boilerplate import learn_boilerplate
from mediakit.clouds import comparison_cloud, wordcloud
from mediakit.collect import FetchError, collect, load_feeds, read_feeds
from mediakit.corpus import (
    COLUMNS,
    CorpusError,
    CorpusWarning,
    article_counts,
    clean_articles,
    corpus_summary,
    deduplicate,
    filter_articles,
    load_sample,
    period_start,
    sample_path,
    write_articles,
)
from mediakit.counts import DocumentTerms, count_terms
from mediakit.display import arabic_font, display_text, use_arabic_font
from mediakit.engines import entity_timeline, find_entities, keyness, read_articles, term_frequencies, term_timeline
from mediakit.entities import (
    CatalogError,
    CatalogWarning,
    EntityCatalog,
    Mention,
    discover_entities,
    tag_entities,
)
from mediakit.explore import Explorer, explore
from mediakit.figures import evaluate_figures, figure_kinds, figures, latin_name, plot_toll, toll_table
from mediakit.network import plot_network
from mediakit.plots import plot_article_counts, plot_heatmap, plot_term_timeline, plot_terms, plot_timeline
from mediakit.prepare import Prepared, prepare
from mediakit.query import Query, QueryError, attention, matches, to_fts5
from mediakit.quotes import evaluate_quotes, quotes
from mediakit.report import render_notebooks
from mediakit.scale import write_parquet
from mediakit.store import AddResult, ArticleStore, StoreError
from mediakit.stories import Stories, coverage, plot_coverage, plot_stories, stories
from mediakit.tables import note, pretty, wide_terms
from mediakit.tagger import Tagger, TaggerError, evaluate_tagger, load_tagger, train_tagger, word_clusters
from mediakit.terms import KwicFrame, collocations, kwic, readable
from mediakit.timelines import cooccurrence, spikes
from mediakit.topics import Topics, plot_topics, topic_timeline, topics
from mediakit.voices import plot_voices, voices

try:
    __version__ = version("mediakit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "COLUMNS",
    "AddResult",
    "Analyzer",
    "ArticleStore",
    "CatalogError",
    "CatalogWarning",
    "CorpusError",
    "CorpusWarning",
    "DocumentTerms",
    "EntityCatalog",
    "Explorer",
    "FetchError",
    "KwicFrame",
    "Mention",
    "Prepared",
    "Query",
    "QueryError",
    "StoreError",
    "Stories",
    "Tagger",
    "TaggerError",
    "Topics",
    "__version__",
    "arabic",
    "arabic_font",
    "article_counts",
    "attention",
    "choose",
    "clean_articles",
    "collect",
    "collocations",
    "comparison_cloud",
    "cooccurrence",
    "corpus_summary",
    "count_terms",
    "coverage",
    "deduplicate",
    "discover_entities",
    "display_text",
    "entity_timeline",
    "evaluate_figures",
    "evaluate_quotes",
    "evaluate_tagger",
    "explore",
    "figure_kinds",
    "figures",
    "filter_articles",
    "find_entities",
    "keyness",
    "kwic",
    "latin_name",
    "learn_boilerplate",
    "load_feeds",
    "load_sample",
    "load_tagger",
    "matches",
    "note",
    "period_start",
    "plot_article_counts",
    "plot_coverage",
    "plot_heatmap",
    "plot_network",
    "plot_stories",
    "plot_term_timeline",
    "plot_terms",
    "plot_timeline",
    "plot_toll",
    "plot_topics",
    "plot_voices",
    "prepare",
    "pretty",
    "quotes",
    "read_articles",
    "read_feeds",
    "readable",
    "render_notebooks",
    "sample_path",
    "scale",
    "spikes",
    "stories",
    "tag_entities",
    "tagger",
    "term_frequencies",
    "term_timeline",
    "to_fts5",
    "toll_table",
    "topic_timeline",
    "topics",
    "train_tagger",
    "use_arabic_font",
    "voices",
    "wide_terms",
    "word_clusters",
    "wordcloud",
    "write_articles",
    "write_parquet",
]
