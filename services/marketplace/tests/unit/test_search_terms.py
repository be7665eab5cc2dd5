from __future__ import annotations

from balai.marketplace.repositories.catalogue import MAX_WORDS, search_terms


def test_words_are_letters_and_digits_only() -> None:
    assert search_terms("Batik  tulis!") == ["batik", "tulis"]
    assert search_terms("keripik' & | ! :* (pedas)") == ["keripik", "pedas"]
    assert search_terms("gula_aren 250gr") == ["gula", "aren", "250gr"]
    assert search_terms("   ") == []


def test_duplicates_dropped_and_count_bounded() -> None:
    assert search_terms("madu madu Madu") == ["madu"]
    assert len(search_terms(" ".join(f"kata{i}" for i in range(20)))) == MAX_WORDS
