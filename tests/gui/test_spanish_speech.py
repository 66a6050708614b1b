"""The real espeak-ng says every sentence of every Spanish article, in a Latin-American voice.

The text is what the reading pane reads (each section's page HTML turned into utterances in
the article's language, units and abbreviations written out); the sound is made the way the
kiosk makes it: one speech process (``ProcessEngine`` running ``speech_worker.serve``) asked
by the :class:`EngineSupervisor` with the voice it picks for the article's language, one
sentence after another. Every WAV must be sound, not silence, and about as long as its words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import parts
from tests.wav import loudness, plausible_seconds
from viewer.core.articles import ArticleMeta, base_language, open_article
from viewer.core.glossary import load_glossary
from viewer.core.library import scan_folder
from viewer.core.render import make_renderer, section_html
from viewer.core.speech_text import section_utterances
from viewer.paths import bundled_content_dir
from viewer.services.speech_engine import ProcessEngine
from viewer.services.speech_supervisor import EngineSupervisor

pytestmark = pytest.mark.espeak

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (bundled_content_dir(), ROOT / "tests" / "data" / "spanish")
MIN_RMS = 300  # espeak-ng speech is RMS 2,000-6,000; a silent file is 0
REQUEST_TIMEOUT_S = 30.0  # one sentence, on a loaded 2-core machine


def spanish_articles(folder: Path) -> list[ArticleMeta]:
    library = scan_folder(folder)
    return [m for m in library.all_articles() if base_language(m.language) == "es"]


def spoken_text(meta: ArticleMeta) -> list[str]:
    """What read aloud gives the engine for every section of ``meta``, in order."""
    folder = meta.path.parent
    library = scan_folder(folder)
    render = make_renderer(folder, set(library.ids()), load_glossary(folder, meta.language))
    return [
        item.text
        for section in open_article(meta).sections
        for item in section_utterances(
            section_html(section.title, render(section.markdown)), meta.language
        )
    ]


@pytest.fixture(scope="module")
def supervisor(qapp):
    """The kiosk's speech process, started once for every article."""
    from PySide6.QtCore import QEventLoop, QTimer

    sup = EngineSupervisor(ProcessEngine(timeout=REQUEST_TIMEOUT_S), {})
    problems: list[str] = []
    sup.unavailable.connect(problems.append)
    sup.broken.connect(problems.append)
    loop = QEventLoop()
    sup.ready_now.connect(loop.quit)
    sup.unavailable.connect(loop.quit)
    sup.broken.connect(loop.quit)
    QTimer.singleShot(120_000, loop.quit)
    sup.start()
    loop.exec()
    if not sup.ready:
        sup.shutdown()
        parts.absent("espeak-ng", problems[0] if problems else "the speech process never started")
    yield sup
    sup.shutdown()


def test_the_bundled_content_has_spanish_articles():
    assert sorted(m.path.name for m in spanish_articles(bundled_content_dir())) == [
        "how-to-use.es.md",
        "vertebroplasty.es.md",
    ]


@pytest.mark.parametrize(
    "path",
    [m.path for folder in FOLDERS for m in spanish_articles(folder)],
    ids=lambda p: p.name,
)
def test_every_spanish_sentence_becomes_speech(qtbot, supervisor, path):
    meta = next(m for m in spanish_articles(path.parent) if m.path == path)
    sentences = spoken_text(meta)
    assert sentences
    voice, _changed = supervisor.choose_voice(meta.language)
    assert voice == "roa/es-419"  # espeak-ng-data has Latin-American Spanish
    done: dict[int, str] = {}
    failed: list[str] = []

    def synthesised(request: int, wav: str) -> None:
        done[request] = wav

    def request_failed(_request: int, why: str) -> None:
        failed.append(why)

    supervisor.synthesised.connect(synthesised)
    supervisor.request_failed.connect(request_failed)
    supervisor.broken.connect(failed.append)
    requests = []
    try:
        for text in sentences:  # one after another, as the kiosk asks
            request = supervisor.new_request()
            requests.append(request)
            supervisor.send(request, text, 1.0)
            qtbot.waitUntil(lambda r=request: r in done or bool(failed), timeout=60_000)
            assert not failed, f"{text!r}: {failed}"
    finally:
        supervisor.synthesised.disconnect(synthesised)
        supervisor.request_failed.disconnect(request_failed)
        supervisor.broken.disconnect(failed.append)
    for request, text in zip(requests, sentences, strict=True):
        seconds, rms, peak = loudness(Path(done[request]))
        assert rms > MIN_RMS and peak > 3000, f"{text!r} is (nearly) silent: RMS {rms:.0f}"
        low, high = plausible_seconds(text)
        assert low <= seconds <= high, f"{text!r}: {seconds:.2f} s, expected {low:.1f}-{high:.1f}"
        Path(done[request]).unlink()
