"""A restart loads the searchable snapshot from disk; any change to the knowledge base misses the cache."""

import pytest

from bot.kb.indexing import index_paths
from tests.conftest import make_settings
from tests.kb.test_indexing import folder, write  # noqa: F401 - the fixture is used by name


def build(tmp_path, knowledge):
    from bot.services import build_services

    return build_services(make_settings(tmp_path, knowledge_dir=knowledge, chroma_collection="knowledge"))


def results(svc, query="How long does a visiting researcher stay?"):
    return [(h.chunk_id, round(h.score, 6), h.text) for h in svc.knowledge.search(query, k=3)]


def refuse_full_read(svc, monkeypatch):
    def boom(*a, **kw):
        raise AssertionError("the chunks were read from Chroma although the cache was current")
    monkeypatch.setattr(svc.knowledge.store, "all_chunks", boom)


def test_a_restart_loads_the_snapshot_from_the_cache(tmp_path, folder, monkeypatch):  # noqa: F811
    first = build(tmp_path, folder)
    index_paths(first.knowledge, [folder], knowledge_dir=folder)
    expected = results(first)
    first.close()
    assert len(list((tmp_path / "var" / "cache").glob("snapshot-*.pickle"))) == 1

    second = build(tmp_path, folder)  # as a new process would
    refuse_full_read(second, monkeypatch)
    assert results(second) == expected
    assert results(second, "seed grant deadline")[0][2].startswith("Applications close on 15 May")
    second.close()


def test_a_changed_knowledge_base_misses_the_cache_and_replaces_it(tmp_path, folder):  # noqa: F811
    svc = build(tmp_path, folder)
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    results(svc)
    svc.close()
    write(folder, "exchange/visits.md", "---\ntitle: Visiting researchers\ncategory: exchange\n---\n## Length\n\n"
          "A visiting researcher now stays between two and eighteen months in the host laboratory.\n")
    other = build(tmp_path, folder)  # another process changes the documents...
    index_paths(other.knowledge, [folder], knowledge_dir=folder)
    other.close()

    svc = build(tmp_path, folder)  # ...so a restart must not answer from the old snapshot
    assert "eighteen months" in results(svc)[0][2]
    svc.close()
    cached = list((tmp_path / "var" / "cache").glob("snapshot-*.pickle"))
    assert len(cached) == 1  # the old snapshot was dropped


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])  # empty, junk, a pickled int
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path, folder, damage, caplog):  # noqa: F811
    svc = build(tmp_path, folder)
    index_paths(svc.knowledge, [folder], knowledge_dir=folder)
    expected = results(svc)
    svc.close()
    [path] = (tmp_path / "var" / "cache").glob("snapshot-*.pickle")
    path.write_bytes(damage)

    svc = build(tmp_path, folder)
    assert results(svc) == expected
    svc.close()
    assert path.read_bytes() != damage  # rewritten with a good snapshot


def test_collections_do_not_share_a_cache(tmp_path, folder):  # noqa: F811
    from bot.services import build_services

    a = build_services(make_settings(tmp_path, knowledge_dir=folder, chroma_collection="kb_alpha"))
    index_paths(a.knowledge, [folder], knowledge_dir=folder)
    assert results(a)
    a.close()
    b = build_services(make_settings(tmp_path, knowledge_dir=folder, chroma_collection="kb_beta"))
    assert b.knowledge.search("visiting researcher", k=3) == []  # nothing indexed there
    b.close()
