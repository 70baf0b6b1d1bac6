"""From a Dataset and brief.yaml to the document model: cover, method box, sections, appendix.

The researcher's words come from the config; every figure comes from a table of one
`evaluation.disclosure.Disclosure` over everything the brief publishes (`published_tables`),
including the counts in the method box (the response by type, a small Table with its total, so
secondary suppression protects them too). The feedback reports build on the same publication.
"""

from __future__ import annotations

from collections.abc import Iterator

from evaluation.codebook import Codebook
from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.german import number, percent
from evaluation.reports.brief.config import (
    BREAKDOWNS,
    BriefConfig,
    ComparisonSpec,
    ConfigError,
    KeyFigure,
    QuestionSpec,
    SectionSpec,
    breakdowns_of,
    parse_config_text,
)
from evaluation.reports.brief.questions import question_content
from evaluation.reports.fingerprint import fingerprint_of
from evaluation.reports.model import Block, Document, Figure, Paragraph, Section, TableView
from evaluation.reports.published import Published, published_total
from evaluation.reports.sentences import (
    enumerate_de,
    kommunen,
    period,
    plural,
    quoted,
    sentence,
    share,
)
from evaluation.reports.views import appendix_view, first_row, published_count, view
from evaluation.reports.waves import (
    EARLIER_CHANGED,
    EarlierWave,
    PublishedWave,
    earlier_wave,
    wave_labels,
)
from evaluation.tables.table import Table
from evaluation.tables.two_questions import check_breakdown

ANONYMITY = (
    "Die Ergebnisse werden nur zusammengefasst veröffentlicht; keine Kommune wird genannt. "
    "Werte, die auf weniger als {n} Kommunen beruhen, sind ebenso mit „.“ gesperrt wie Werte, "
    "aus denen sie sich errechnen ließen. Das gilt für Tabellen, Diagramme und Text."
)
QUOTES_TITLE = "Stimmen aus den Kommunen"


def paragraphs(text: str) -> tuple[str, ...]:
    """Editorial text as paragraphs: blank lines separate them, single line breaks do not."""
    blocks = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(block for block in blocks if block)


def build_document(
    dataset: Dataset,
    config: BriefConfig | None = None,
    earlier: PublishedWave | None = None,
) -> Document:
    """The whole brief as a neutral document model; `earlier` is the wave a `compare`
    section compares with, as its brief was published."""
    config = config or BriefConfig()
    rule = config.rule
    info = dataset.survey
    title = config.title or info.title
    published = published_tables(dataset, config, earlier)
    sections = tuple(_sections(published, config))
    if config.compare is not None:
        sections += (_comparison(published, config.compare),)
    appendix: tuple[TableView, ...] = ()
    if config.appendix:
        appendix = tuple(appendix_view(table) for table in published.every())
    return Document(
        title=title,
        subline=config.subline or _key_figure(published, config.key_figure),
        date=config.date or info.closes_on,
        author=config.author,
        subject=config.subject or f"Ergebnisse der Befragung „{info.title}“",
        lead=paragraphs(config.lead),
        method=_method(published, config),
        response=_response_view(published),
        sections=sections,
        conclusions=paragraphs(config.conclusions),
        limitations=(
            *paragraphs(config.limitations),
            _coverage(published),
            ANONYMITY.format(n=rule.min_units),
        ),
        appendix=appendix,
        keywords=("Befragung", "Kommunen", info.slug),
        fingerprint=published.fingerprint(),
        earlier_fingerprints=published.earlier_fingerprints,
    )


def published_tables(
    dataset: Dataset,
    config: BriefConfig,
    earlier: PublishedWave | None = None,
) -> Published:
    """Every table the brief built from `config` publishes, through disclosure control at once.

    The questions of the sections are checked first, so a config naming an unknown question is
    a clear error; the crosstabs are those the sections will show. With a `compare` section,
    the earlier wave's publication is rebuilt and this one made after it
    (`evaluation.reports.waves`), so the rule covers both waves together: with the brief.yaml
    its brief was published with, so its tables, crosstabs and rule are as its readers hold
    them, and checked against that brief's fingerprint.
    """
    crosstabs = _crosstabs(dataset, config)
    if config.compare is None:
        return Published(dataset, config.rule, crosstabs)
    if earlier is None:
        raise ConfigError(
            "brief.yaml: compare braucht die frühere Welle (in der App die Welle, aus der diese "
            "angelegt wurde; auf der Kommandozeile --compare-with KENNUNG)."
        )
    depth = config.compare.waves
    waves, fingerprints = _as_published(earlier, depth)
    shown = waves[:depth]
    compared = _compared(config, dataset, shown)
    return Published(dataset, config.rule, crosstabs, shown, compared, fingerprints)


def _compared(config: BriefConfig, dataset: Dataset, shown: tuple[EarlierWave, ...]) -> list[str]:
    """The questions a `compare` section shows, each checked to be one with an answer in this
    wave and in every earlier wave shown."""
    compared = [figure.question for figure in config.compare.questions] if config.compare else []
    for name in compared:
        for data in (dataset, *(wave.dataset for wave in shown)):
            codebook = data.codebook
            if (
                name not in codebook
                or codebook.is_paradata(name)
                or codebook.kind(name) != "single"
            ):
                raise ConfigError(
                    f"brief.yaml: compare: {name} ist in {data.survey.slug} keine Frage "
                    "mit einer Antwort."
                )
    return compared


def _as_published(
    wave: PublishedWave, depth: int = 1
) -> tuple[tuple[EarlierWave, ...], tuple[str, ...]]:
    """The earlier wave as its brief published it, with at least `depth` - 1 waves before it
    (those its brief compared with, or more), each rebuilt after the ones before it; and the
    fingerprints of their briefs, the nearest first (for the release). Answers or a brief.yaml
    that no longer give the fingerprint the brief was published with are refused.

    The brief is built once, its figures marked as the wave's: marking renames figures and
    changes no cell, so its fingerprint is that of the brief as published. The one figure the
    rule treats by name, all respondents (`disclosure.RESPONDENTS`), loses that under its
    mark; should the marked build print a cell differently because of it, the brief is built
    unmarked as well, and that build decides, as its readers hold it."""
    config = parse_config_text(wave.config, f"brief.yaml der Welle {wave.slug}")
    crosstabs = _crosstabs(wave.dataset, config)
    own_depth = config.compare.waves if config.compare is not None else 0
    before: tuple[EarlierWave, ...] = ()
    fingerprints: tuple[str, ...] = ()
    if own_depth or depth > 1:
        if wave.earlier is None:
            if own_depth:
                raise ConfigError(
                    "brief.yaml: compare braucht die frühere Welle (in der App die Welle, aus "
                    "der diese angelegt wurde; auf der Kommandozeile --compare-with KENNUNG)."
                )
            raise ConfigError(
                f"brief.yaml: compare.waves verlangt eine Welle vor {wave.slug}, die es nicht "
                "gibt (sie ist die erste der Reihe)."
            )
        before, fingerprints = _as_published(wave.earlier, max(own_depth, depth - 1))
    shown = before[:own_depth]
    compared = _compared(config, wave.dataset, shown)
    rebuilt = earlier_wave(wave.dataset, config.rule, crosstabs, before[0] if before else None)
    printed = [
        *rebuilt.disclosure.tables,
        *(w.tables[q] for w in shown for q in dict.fromkeys(compared)),
    ]
    fingerprint = fingerprint_of(printed)
    if wave.fingerprint is not None and fingerprint != wave.fingerprint:
        unmarked = published_tables(wave.dataset, config, wave.earlier).fingerprint()
        if unmarked != wave.fingerprint:
            raise EvaluationError(EARLIER_CHANGED.format(slug=wave.slug))
        fingerprint = unmarked
    return (rebuilt, *before), (fingerprint, *fingerprints)


def _crosstabs(dataset: Dataset, config: BriefConfig) -> list[tuple[str, str]]:
    """The (question, breakdown) pairs the brief's sections show, its questions checked."""
    specs = config.sections if config.sections is not None else default_sections(dataset)
    for name in config.breakdowns:
        if name not in BREAKDOWNS:
            _check_default_breakdown(dataset.codebook, name)
    crosstabs = []
    for spec in specs:
        for question in spec.questions:
            _check(dataset, question)
            if dataset.codebook.kind(question.id) in ("single", "numbers"):
                by = breakdowns_of(question, config.breakdowns)
                crosstabs += [(question.id, b) for b in by]
    return crosstabs


def _counted(table: Table, codes: tuple[int, ...]) -> tuple[int, int] | None:
    """Units that gave one of `codes`, and the valid answers, if every part is published."""
    valid = first_row(table, "total", label="Gültige Antworten")
    base = published_count(valid.cells[0]) if valid else None
    counts = [published_count(row.cells[0]) for row in table.rows if row.code in codes]
    if base is None or not counts or any(count is None for count in counts):
        return None
    return sum(count or 0 for count in counts), base


def _comparison(published: Published, spec: ComparisonSpec) -> Section:
    """ "2019: 5 von 14 Kommunen; 2024: 30 von 54 Kommunen haben …", from published cells of
    the waves only, the oldest first; a withheld part makes the wave's figure „nicht
    ausweisbar“."""
    earlier = published.earlier_waves[::-1]
    labels = wave_labels(*(wave.dataset for wave in earlier), published.dataset)
    blocks: list[Block] = [Paragraph(p) for p in paragraphs(spec.text)]
    for figure in spec.questions:
        tables = (
            *(published.earlier_table(figure.question, n) for n in reversed(range(len(earlier)))),
            published.get(figure.question),
        )
        parts = []
        for label, table in zip(labels, tables, strict=True):
            counted = _counted(table, figure.codes)
            if counted is None:
                parts.append(f"{label}: nicht ausweisbar")
            else:
                parts.append(f"{label}: {number(counted[0])} von {kommunen(counted[1])}")
        blocks.append(Paragraph(sentence(f"{'; '.join(parts)} {figure.text}"), "finding"))
        for label, table in zip(labels, tables, strict=True):
            blocks.append(Figure(f"{label}: {table.title}", None, appendix_view(table)))
    return Section(spec.title, tuple(blocks))


def _key_figure(published: Published, key: KeyFigure | None) -> str:
    """The cover's subline. A combination of codes is published only if each of its parts is
    (a sum of published cells reveals nothing new); otherwise the response figure is used."""
    dataset = published.dataset
    if key is not None:
        if key.question not in dataset.codebook or published.kind(key.question) != "single":
            raise ConfigError(
                f"brief.yaml: key_figure: {key.question} ist keine Frage mit einer Antwort."
            )
        table = published.get(key.question)
        valid = first_row(table, "total", label="Gültige Antworten")
        base = published_count(valid.cells[0]) if valid else None
        counts = [published_count(row.cells[0]) for row in table.rows if row.code in key.codes]
        parts = [count for count in counts if count is not None]
        if base and parts and len(parts) == len(counts) and sum(parts):
            return sentence(f"{share(sum(parts), base)} {key.text}")
    return _response_sentence(published)


def _response_sentence(published: Published) -> str:
    info = published.dataset.survey
    submitted = published_total(published)
    if submitted is None or not info.frame:
        return "Ergebnisse der Befragung"
    return sentence(f"{share(submitted, info.frame)} haben sich an der Befragung beteiligt")


def _response_text(published: Published) -> str:
    """ "14 von 50 Kommunen (28 %), davon 5 kreisfreie Städte und 9 Landkreise"."""
    info = published.dataset.survey
    table = published.by_type()
    total = published_count(table.rows[-1].cells[0])
    if total is None or not info.frame:
        return "gesperrt (zu wenige Kommunen)"
    text = share(total, info.frame)
    parts = []
    for row in table.rows[:-1]:
        n = published_count(row.cells[0])
        if n is None:
            return text
        if n:
            parts.append(kommunen(n, row.label))
    if len(parts) > 1:
        text += ", davon " + enumerate_de(parts)
    return text


def _frame_text(dataset: Dataset) -> str:
    """The frame is public (which Kommunen exist), so its counts need no suppression."""
    info = dataset.survey
    kinds = sorted({cell.type for cell in info.response if cell.frame})
    lands = sorted({cell.land for cell in info.response if cell.frame})
    text = kommunen(info.frame)
    if kinds:
        text += f" ({enumerate_de([plural(kind) for kind in kinds])})"
    if lands:
        text += f" in {enumerate_de(lands)}"
    return text


def _method(published: Published, config: BriefConfig) -> tuple[tuple[str, str], ...]:
    info = published.dataset.survey
    rows = []
    if info.opens_on or info.closes_on:
        rows.append(("Befragungszeitraum", period(info.opens_on, info.closes_on)))
    rows += [
        ("Befragungsart", config.mode),
        ("Grundgesamtheit", _frame_text(published.dataset)),
        ("Rücklauf", _response_text(published)),
        ("Veröffentlichung", config.rule.description),
    ]
    return tuple(rows)


def _response_view(published: Published) -> TableView | None:
    table = published.response()
    return view(table) if table is not None else None


def _coverage(published: Published) -> str:
    info = published.dataset.survey
    total = published_total(published)
    if total is None or not info.frame:
        return "Die Ergebnisse gelten nur für die teilnehmenden Kommunen."
    rate = percent(100.0 * total / info.frame)
    return (
        f"Die Ergebnisse beruhen auf den Angaben von {kommunen(total)}; die Rücklaufquote "
        f"beträgt {rate}. Sie gelten für die teilnehmenden Kommunen und lassen sich nicht ohne "
        "Weiteres auf alle Kommunen der Grundgesamtheit übertragen."
    )


def default_sections(dataset: Dataset) -> tuple[SectionSpec, ...]:
    """Without a config: one section per questionnaire page, every question it can show."""
    pages: dict[str, list[str]] = {}
    titles: dict[str, str | None] = {}
    seen: set[str] = set()
    for variable in dataset.codebook:
        question = variable.group if variable.type in ("multiple", "matrix") else variable.name
        if not question or question in seen or variable.type in ("text", "textarea", "other"):
            continue
        if variable.paradata:
            continue
        if variable.type == "date":
            continue
        seen.add(question)
        pages.setdefault(str(variable.page or ""), []).append(question)
        titles.setdefault(str(variable.page or ""), variable.page_title)
    return tuple(
        SectionSpec(
            title=titles[page] or _page_title(page, questions),
            questions=tuple(QuestionSpec(q) for q in questions),
        )
        for page, questions in pages.items()
    )


def _page_title(page: str, questions: list[str]) -> str:
    """For a codebook without page titles (written before they were recorded)."""
    span = questions[0] if len(questions) == 1 else f"{questions[0]} bis {questions[-1]}"
    label = f"Abschnitt {page.upper()}" if page else "Fragen"
    return f"{label} (Fragen {span})" if len(questions) > 1 else f"{label} (Frage {span})"


def _check(dataset: Dataset, spec: QuestionSpec) -> None:
    check_question(dataset.codebook, spec.id)
    _check_by(dataset.codebook, spec)


def _check_by(codebook: Codebook, spec: QuestionSpec) -> None:
    """A question named as a breakdown must be one to break down by, and the question one to
    break down (single choice or a number); a unit attribute fits every question."""
    kind = codebook.kind(spec.id) if spec.id in codebook else None
    for by in spec.by or ():
        if by in BREAKDOWNS:
            continue
        if kind not in ("single", "numbers"):
            raise ConfigError(
                f"brief.yaml: {spec.id} lässt sich nicht nach der Frage {by} aufgliedern: "
                "nur Fragen mit einer Antwort und Zahlen."
            )
        try:
            check_breakdown(codebook, spec.id, by)
        except EvaluationError as error:
            raise ConfigError(f"brief.yaml: {error}") from None


def check_question(codebook: Codebook, question: str) -> None:
    if question not in codebook and question not in codebook.groups():
        raise ConfigError(f"brief.yaml: die Frage {question} steht nicht im Codebuch.")
    if codebook.is_paradata(question):
        raise ConfigError(
            f"brief.yaml: {question} sind Paradaten (wie eine Angabe zustande kam), keine "
            "Frage; der Bericht veröffentlicht sie nicht."
        )


def check_against(codebook: Codebook, config: BriefConfig) -> None:
    """What can be checked of a brief.yaml before any answer is read: every question it names
    is in the survey's codebook (a build takes long; a typo should not wait for it)."""
    for spec in config.sections or ():
        for question in spec.questions:
            check_question(codebook, question.id)
            _check_by(codebook, question)
    for by in config.breakdowns:
        if by not in BREAKDOWNS:
            _check_default_breakdown(codebook, by)


def _check_default_breakdown(codebook: Codebook, by: str) -> None:
    if by not in codebook or codebook.kind(by) != "single":
        raise ConfigError(
            f"brief.yaml: breakdowns: „{by}“ ist weder {', '.join(BREAKDOWNS)} noch eine Frage "
            "mit einer Antwort (Einfachauswahl oder ja/nein) im Codebuch."
        )


def _sections(published: Published, config: BriefConfig) -> Iterator[Section]:
    dataset = published.dataset
    specs = config.sections if config.sections is not None else default_sections(dataset)
    quotes = list(config.quotes)
    for quote in quotes:
        _check_quote(dataset, quote.question, quote.text)
    for spec in specs:
        blocks: list[Block] = [Paragraph(p) for p in paragraphs(spec.text)]
        findings: list[Paragraph] = []
        figures: list[Block] = []
        for question in spec.questions:
            content = question_content(published, question, config.breakdowns)
            findings += [Paragraph(text, "finding") for text in content.findings]
            figures += [Paragraph(p) for p in paragraphs(question.text)]
            if content.figure is not None:
                figures.append(content.figure)
            figures += [Figure(t.caption, None, t) for t in content.breakdowns]
            mine = [q for q in quotes if _question_of(dataset, q.question) == question.id]
            figures += [Paragraph(q.text, "quote") for q in mine]
            quotes = [q for q in quotes if q not in mine]
        yield Section(spec.title, (*findings[:1], *blocks, *findings[1:], *figures))
    if quotes:
        yield Section(QUOTES_TITLE, tuple(Paragraph(q.text, "quote") for q in quotes))


def _question_of(dataset: Dataset, name: str) -> str:
    variable = dataset.codebook[name]
    return variable.group or variable.question_id or name


def _check_quote(dataset: Dataset, question: str, text: str) -> None:
    """An approved quote must be an answer that was given, word for word (whitespace aside)."""
    if question not in dataset.codebook or dataset.codebook.kind(question) != "text":
        raise ConfigError(f"brief.yaml: quotes: {question} ist keine Frage mit offener Antwort.")
    wanted = " ".join(text.split())
    answers = dataset.data[question]
    if not any(isinstance(a, str) and " ".join(a.split()) == wanted for a in answers):
        raise ConfigError(
            f"brief.yaml: das Zitat {quoted(text[:40])} steht nicht in den Antworten zu {question}."
        )
