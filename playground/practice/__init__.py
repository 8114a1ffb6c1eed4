"""Practice mode: interview questions whose answers come from the tested core.

An interview asks you to *produce* the number, the prediction or the
derivation. Every question here is drawn at random, and its answer is computed
by calling the topic's own core functions (``playground.softmax``,
``playground.bayes`` ...), never by a second implementation, so the drill is
exactly as right as the pages are.

Three kinds of question (:data:`KINDS`):

- ``numbers``: compute a value ("softmax([2, 1, 0]) at T = 0.5, the top
  probability?"); the typed answer is parsed strictly (:func:`parse_answer`:
  ``0.25``, ``1/4``, ``25%``, ``2.5e-1``, ``−0.3``; nothing is evaluated) and
  accepted within a stated :class:`Tolerance`;
- ``predict``: multiple choice about what a change does ("as T → 0, the
  entropy tends to …"); the right choice is decided by the core at the drawn
  parameters, not written by hand;
- ``derive``: the steps of a derivation revealed one at a time, ending in the
  formula evaluated with numbers; self-graded.

Each :class:`Question` also carries its worked solution (LaTeX lines with the
numbers) and a deep link: the topic page and the URL query that opens it in
exactly the question's state, so the learner can see the number on the page.

Adding a topic
--------------
Write one module ``playground/practice/<page stem>.py`` (the page's stem, so
the link and the topic match) with functions decorated by :func:`register`::

    from playground.practice import Question, Text, Tolerance, register

    @register("numbers")
    def top_probability(rng, out):
        z = ...  # draw well-conditioned parameters with ``rng``
        p = softmax.softmax(z, T)  # the answer, from the core
        return Question(
            prompt=Text("practice.q.softmax_temperature.top_probability", {...}),
            answer=float(p.max()),
            tolerance=Tolerance(abs=0.005),
            solution=(...),  # LaTeX lines, numbers written with ``out.tex``
            page="softmax_temperature",
            link={"softmax_logits": "2, 1, 0", "softmax_temperature": out.fmt(T, 3)},
            shows=(float(p.max()),),
        )

(a ``derive`` generator returns ``derivation(key, steps, solution=(3,), ...)``:
the prompt, the steps and which of them make the worked solution), and its
texts under ``[q.<stem>.<name>]`` in ``locales/*/practice.toml``. The
module is found automatically (:data:`TOPICS`); the practice page lists it,
and the tests run every generator for 200 seeds and open every deep link.
A question about a page that is not registered yet has ``page=None``: give it
its page and link once that page is merged (a test checks every link's page is
registered, and every registered topic page has at least four numbers /
predict generators).

Numbers are written through a :class:`Format` that the caller passes in (the
app passes ``playground.app.format.fmt`` and ``tex``), so this package stays
free of the app layer, like the chart builders.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from playground._validation import (
    InputError,
    check_choice,
    check_int,
    check_text,
    parse_number_list,
)

__all__ = [
    "GENERATORS",
    "KINDS",
    "LETTERS",
    "MAX_ANSWER_CHARS",
    "PATTERN",
    "TOPICS",
    "Format",
    "Generator",
    "Grade",
    "Label",
    "Question",
    "Step",
    "Text",
    "Tolerance",
    "generate",
    "grade",
    "make",
    "parse_answer",
    "plan",
    "quiz",
    "register",
    "slot",
]

#: The kinds of question, in the order the page offers them.
KINDS: tuple[str, ...] = ("numbers", "predict", "derive")
#: Labels of the choices of a ``predict`` question (language-neutral).
LETTERS = "ABCDEF"
#: Longest typed answer accepted.
MAX_ANSWER_CHARS = 64


# ---------------------------------------------------------------------------
# What a question is made of
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """How numbers are written: ``fmt(x, digits)`` for text, ``tex(x, digits)`` for LaTeX.

    The app passes ``playground.app.format.fmt`` and ``tex``; so do the tests.
    """

    fmt: Callable[..., str]
    tex: Callable[..., str]


@dataclass(frozen=True)
class Text:
    """A catalog key and the values to fill in (numbers already written as text).

    A value may itself be a :class:`Label` (a catalog key to translate).
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Label:
    """A catalog key whose translation is the value (translated options, tab labels)."""

    key: str


@dataclass(frozen=True)
class Tolerance:
    """Accept ``x`` when ``|x − answer| <= max(abs, rel·|answer|)``.

    Examples
    --------
    >>> Tolerance(abs=0.005).accepts(0.665, 0.67)
    True
    >>> Tolerance(rel=0.01).accepts(2.0, 2.03)
    False
    """

    abs: float = 0.0
    rel: float = 0.0

    def width(self, answer: float) -> float:
        """Half-width of the accepted interval around ``answer``."""
        return max(self.abs, self.rel * abs(answer))

    def accepts(self, answer: float, value: float) -> bool:
        """Whether ``value`` is within the tolerance of ``answer``."""
        slack = self.width(answer) * (1 + 1e-9) + 1e-15
        return bool(math.isfinite(value) and abs(value - answer) <= slack)


@dataclass(frozen=True)
class Step:
    """One step of a derivation: what is done (catalog text) and the result (LaTeX)."""

    text: Text
    latex: str


#: A deep-link value: plain text, a translated label, or several values.
LinkValue = str | Label | tuple


@dataclass(frozen=True)
class Question:
    """One practice question, with its answer, solution and deep link.

    Attributes
    ----------
    topic, name, kind : str
        Page stem, generator name and one of :data:`KINDS` (filled in by
        :func:`make`).
    seed : int
        The seed that reproduces this question: ``make(f"{topic}.{name}", seed, out)``.
    prompt : Text
        The question (catalog key ``practice.q.<topic>.<name>.prompt`` and values).
    answer : float or None
        The exact answer of a ``numbers`` question, computed by the core.
    tolerance : Tolerance or None
        How close a typed answer must be (stated to the user).
    hint : str
        Catalog key suffix of the answer-format hint (``practice.hints.<hint>``).
    choices : tuple of Text
        The choices of a ``predict`` question, shown as A, B, C ...
    correct : int or None
        Index of the right choice (decided by the core).
    steps : tuple of Step
        The steps of a ``derive`` question.
    solution : tuple of str
        The worked solution, LaTeX lines with the numbers.
    why : Text or None
        A one-paragraph explanation shown with the solution.
    page : str or None
        Stem of the topic page that shows this state (``None``: not registered yet).
    link : Mapping[str, LinkValue]
        Query parameters that open ``page`` in exactly this state.
    shows : tuple of float
        Numbers the linked page displays in that state (the tests look for them).
    """

    prompt: Text
    topic: str = ""
    name: str = ""
    kind: str = ""
    seed: int = 0
    answer: float | None = None
    tolerance: Tolerance | None = None
    hint: str = "number"
    choices: tuple[Text, ...] = ()
    correct: int | None = None
    steps: tuple[Step, ...] = ()
    solution: tuple[str, ...] = ()
    why: Text | None = None
    page: str | None = None
    link: Mapping[str, LinkValue] = field(default_factory=dict)
    shows: tuple[float, ...] = ()

    @property
    def key(self) -> str:
        """``"<topic>.<name>"``: which generator made this question."""
        return f"{self.topic}.{self.name}"

    @property
    def uid(self) -> str:
        """A stable identifier: the generator and the seed."""
        return f"{self.key}#{self.seed}"

    def query(self, tr: Callable[[str], str]) -> dict[str, str | list[str]]:
        """The deep link's query parameters, labels translated by ``tr``."""

        def one(value: Any) -> str:
            return tr(value.key) if isinstance(value, Label) else str(value)

        return {
            key: [one(v) for v in value] if isinstance(value, tuple) else one(value)
            for key, value in self.link.items()
        }


@dataclass(frozen=True)
class Generator:
    """A registered question generator ``make(rng, out) -> Question``."""

    topic: str
    name: str
    kind: str
    make: Callable[[np.random.Generator, Format], Question]

    @property
    def key(self) -> str:
        return f"{self.topic}.{self.name}"


#: Every generator, by ``"<topic>.<name>"`` (filled by :func:`register`).
GENERATORS: dict[str, Generator] = {}


def register(kind: str) -> Callable:
    """Decorator: register ``fn(rng, out) -> Question`` as a generator of ``kind``.

    The topic is the module's name (the page stem), the name the function's.
    """
    check_choice(kind, "kind", KINDS)

    def decorate(fn: Callable[[np.random.Generator, Format], Question]) -> Callable:
        topic = fn.__module__.rsplit(".", 1)[-1]
        gen = Generator(topic, fn.__name__, kind, fn)
        if gen.key in GENERATORS:
            raise ValueError(f"generator {gen.key!r} is registered twice.")
        GENERATORS[gen.key] = gen
        return fn

    return decorate


# ---------------------------------------------------------------------------
# Making questions and quizzes
# ---------------------------------------------------------------------------

_MAX_SEED = 2**32 - 1


def make(key: str, seed: int, out: Format) -> Question:
    """The question generator ``key`` makes from ``seed`` (reproducible).

    The choices of a ``predict`` question are shuffled with the same seed, so
    the right answer is not always in the same place.

    Raises
    ------
    ValueError
        If ``key`` is not a registered generator or ``seed`` is out of range.
    """
    gen = GENERATORS.get(key)
    if gen is None:
        raise ValueError(f"key == {key!r}, must be a registered generator.")
    seed = check_int(seed, "seed", min_val=0, max_val=_MAX_SEED)
    q = gen.make(np.random.default_rng(seed), out)
    q = replace(q, topic=gen.topic, name=gen.name, kind=gen.kind, seed=seed)
    if q.choices:
        order = np.random.default_rng([seed, 1]).permutation(len(q.choices))
        q = replace(
            q,
            choices=tuple(q.choices[i] for i in order),
            correct=int(np.flatnonzero(order == q.correct)[0]),
        )
    return q


def generate(stem: str, kind: str, rng: np.random.Generator, out: Format) -> Question:
    """A random question of ``kind`` about topic ``stem``.

    Raises
    ------
    ValueError
        If no generator of that kind exists for that topic.
    """
    keys = sorted(k for k, g in GENERATORS.items() if g.topic == stem and g.kind == kind)
    if not keys:
        raise ValueError(f"no {kind!r} generator for topic {stem!r}.")
    key = keys[int(rng.integers(len(keys)))]
    return make(key, int(rng.integers(_MAX_SEED)), out)


#: How a mixed quiz alternates the kinds: two numbers, two predictions, one derivation.
PATTERN = ("numbers", "predict", "numbers", "predict", "derive")


def _rounds(rng: np.random.Generator, keys: list[str]) -> list[str]:
    """``keys`` in rounds: each round takes one generator per topic, topics shuffled."""
    queues: dict[str, list[str]] = {}
    for key in keys:
        queues.setdefault(GENERATORS[key].topic, []).append(key)
    queues = {topic: [q[i] for i in rng.permutation(len(q))] for topic, q in queues.items()}
    order: list[str] = []
    while any(queues.values()):
        turn = [topic for topic, q in queues.items() if q]
        order.extend(queues[turn[i]].pop() for i in rng.permutation(len(turn)))
    return order


def plan(seed: int, topics: Iterable[str], kinds: Iterable[str]) -> list[str]:
    """The order in which a quiz visits the generators of ``topics`` × ``kinds``.

    Each kind's generators come in rounds (one per topic per round, topics
    shuffled by ``seed``); a mixed quiz then follows :data:`PATTERN` (two
    numbers, two predictions, one derivation), each time taking the next
    generator of that kind about a different topic than the question before,
    when there is one. The same seed and selection give everyone the same quiz.
    """
    seed = check_int(seed, "seed", min_val=0, max_val=_MAX_SEED)
    topics, kinds = set(topics), set(kinds)
    rng = np.random.default_rng([seed, 0])
    queues = {
        kind: _rounds(
            rng,
            sorted(k for k, g in GENERATORS.items() if g.topic in topics and g.kind == kind),
        )
        for kind in KINDS
        if kind in kinds
    }
    order: list[str] = []
    while any(queues.values()):
        for kind in PATTERN:
            queue = queues.get(kind)
            if not queue:
                continue
            last = GENERATORS[order[-1]].topic if order else None
            at = next((i for i, k in enumerate(queue) if GENERATORS[k].topic != last), 0)
            order.append(queue.pop(at))
    return order


def quiz(
    seed: int, topics: Iterable[str], kinds: Iterable[str], number: int, out: Format
) -> Question | None:
    """Question ``number`` (1, 2, …) of the quiz ``seed`` over ``topics`` and ``kinds``.

    Returns ``None`` when the selection has no generator. After every
    generator has been used once, the quiz starts another round with new
    parameters.
    """
    found = slot(seed, topics, kinds, number)
    return None if found is None else make(*found, out)


def slot(
    seed: int, topics: Iterable[str], kinds: Iterable[str], number: int
) -> tuple[str, int] | None:
    """The generator key and seed of question ``number`` of a quiz (see :func:`quiz`).

    Cheap: the page calls it on every rerun and caches :func:`make` on the result.
    """
    number = check_int(number, "number", min_val=1, max_val=10_000)
    keys = plan(seed, topics, kinds)
    if not keys:
        return None
    sub = int(np.random.default_rng([seed, number]).integers(_MAX_SEED))
    return keys[(number - 1) % len(keys)], sub


# ---------------------------------------------------------------------------
# Typed answers and grading
# ---------------------------------------------------------------------------

_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-"})
_POWER = re.compile(r"(?P<m>[^×x*]+)(?:×|x|\*)10\^\(?\{?(?P<e>[+-]?\d{1,4})\}?\)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_SPACED_POWER = re.compile(r"\s*([×x*])\s*10\s*\^\s*")


def _plain_number(token: str) -> float:
    """One decimal number (``-0.5``, ``2e-3``), via the app's strict list parser."""
    if not token or any(c in token for c in ",;，；、[]()") or token != token.strip():
        raise InputError("not_a_number", f"{token[:20]!r} is not a number.", token=token[:20])
    try:
        return float(parse_number_list(token, min_len=1, max_len=1, max_abs=sys.float_info.max)[0])
    except InputError as exc:
        code = "not_finite" if exc.code == "not_finite" else "not_a_number"
        raise InputError(code, str(exc), token=token[:20]) from None


def _number(token: str) -> float:
    """A decimal number, optionally written ``1.2×10^-3`` (as the pages show it)."""
    power = _POWER.fullmatch(token)
    if power is None:
        return _plain_number(token)
    mantissa, exponent = _plain_number(power["m"]), int(power["e"])
    try:
        return mantissa * 10.0**exponent
    except OverflowError:
        raise InputError("not_finite", f"{token[:20]!r} overflows.", token=token[:20]) from None


def parse_answer(text: str, *, max_chars: int = MAX_ANSWER_CHARS) -> float:
    """Read one typed number, strictly: ``0.25``, ``1/4``, ``25%``, ``2.5e-1``, ``−0.3``.

    Accepted: a decimal number with an optional sign and exponent
    (``1e-3``), a fraction of two such numbers (``1/3``, ``-2 / 7``), a
    percentage (``12.5%``, also after a fraction), the form the pages print
    (``1.2×10^-3``), full-width characters and the Unicode minus (``−2``).
    Nothing is evaluated: ``__import__('os')`` is just "not a number".

    Parameters
    ----------
    text : str
        What the user typed.
    max_chars : int
        Longest accepted text.

    Returns
    -------
    float
        The value (a percentage is divided by 100).

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    InputError
        With ``code`` one of ``too_long``, ``empty``, ``not_a_number``,
        ``decimal_comma``, ``not_finite``, ``zero_division``.

    Examples
    --------
    >>> parse_answer("1/4"), parse_answer("12.5%"), parse_answer("−2"), parse_answer("1e-3")
    (0.25, 0.125, -2.0, 0.001)
    >>> parse_answer("__import__('os')")
    Traceback (most recent call last):
    ...
    playground._validation.InputError: "__import__('os')" is not a number.
    """
    check_text(text, max_chars)
    s = unicodedata.normalize("NFKC", text).translate(_DASHES).strip()
    s = _SPACED_POWER.sub(r"\g<1>10^", s)  # "1.2 × 10^-3" -> "1.2×10^-3"
    if not s:
        raise InputError("empty", "no answer given.")
    if _DECIMAL_COMMA.fullmatch(s):
        raise InputError("decimal_comma", f"{s!r} uses a decimal comma.", token=s[:20])
    scale = 1.0
    if s.endswith("%"):
        s, scale = s[:-1].rstrip(), 0.01
    numerator, slash, denominator = (part.strip() for part in s.partition("/"))
    value = _number(numerator)
    if slash:
        below = _number(denominator)
        if below == 0:
            raise InputError("zero_division", "division by zero.", token=s[:20])
        try:
            value /= below
        except OverflowError:
            value = math.inf
    value *= scale
    if not math.isfinite(value):
        raise InputError("not_finite", f"{s[:20]!r} is not a finite number.", token=s[:20])
    return value


@dataclass(frozen=True)
class Grade:
    """The verdict on one response: right or wrong, and what was read."""

    correct: bool
    value: float | int | bool


def grade(question: Question, response: Any) -> Grade:
    """Grade a response: typed text (numbers), a choice index (predict), a self-report (derive).

    Raises
    ------
    InputError
        If the typed text of a ``numbers`` question is not one number
        (see :func:`parse_answer`); it is not graded then.
    ValueError
        If a choice index is out of range.
    TypeError
        If the response has the wrong type for the question's kind.
    """
    if question.kind == "numbers":
        value = parse_answer(response) if isinstance(response, str) else float(response)
        return Grade(question.tolerance.accepts(question.answer, value), value)
    if question.kind == "predict":
        index = check_int(response, "choice", min_val=0, max_val=len(question.choices) - 1)
        return Grade(index == question.correct, index)
    if not isinstance(response, bool):
        raise TypeError(f"a derivation is self-graded with a bool, not {type(response).__name__}.")
    return Grade(response, response)


# ---------------------------------------------------------------------------
# Small helpers for the generators
# ---------------------------------------------------------------------------


def pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    """One of ``options``, uniformly."""
    return options[int(rng.integers(len(options)))]


def grid(rng: np.random.Generator, low: float, high: float, step: float, size=None) -> Any:
    """A value (or array) on the grid ``low, low + step, …, high``, exactly as a slider has it.

    Values are rounded to 10 decimals, so ``0.1·3`` is ``0.3``.
    """
    count = int(round((high - low) / step)) + 1
    k = rng.integers(count, size=size)
    return np.round(low + k * step, 10) if size is not None else round(low + int(k) * step, 10)


def url_number(value: float) -> str:
    """A number for a slider or number box in a URL (``2`` not ``2.0``)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else format(value, ".12g")


def number_list(values: Iterable[float]) -> str:
    """``"2, 1, 0.5"``: a list as the pages' number boxes read it."""
    return ", ".join(url_number(v) for v in values)


def choice_texts(prefix: str, names: Sequence[str], **values: Any) -> tuple[Text, ...]:
    """``Text(f"{prefix}.{name}", values)`` for every name."""
    return tuple(Text(f"{prefix}.{name}", values) for name in names)


def derivation(
    key: str,
    steps: tuple[Step, ...],
    *,
    solution: Iterable[int],
    page: str | None,
    link: Mapping[str, LinkValue],
    shows: tuple[float, ...],
) -> Question:
    """A ``derive`` question: prompt ``<key>.prompt``, the ``steps`` revealed one at a
    time, and the LaTeX of the steps numbered ``solution`` (from 0) as the worked solution.
    """
    return Question(
        prompt=Text(f"{key}.prompt"),
        steps=steps,
        solution=tuple(steps[i].latex for i in solution),
        page=page,
        link=link,
        shows=shows,
    )


# ---------------------------------------------------------------------------
# The topic modules
# ---------------------------------------------------------------------------


def _discover() -> tuple[str, ...]:
    names = sorted(
        info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")
    )
    for name in names:
        importlib.import_module(f"{__name__}.{name}")
    return tuple(names)


#: Topic stems that have generators (one module each), sorted.
TOPICS: tuple[str, ...] = _discover()
