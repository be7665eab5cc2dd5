from __future__ import annotations

import pytest

from balai.common.privacy import mask_name, mask_personal_number, personal_number_hash


def test_hash_is_keyed_stable_and_domain_separated() -> None:
    nik = "3317094501900001"
    assert personal_number_hash(nik, "k1") == personal_number_hash(nik, "k1")
    assert personal_number_hash(nik, "k1") != personal_number_hash(nik, "k2")
    assert personal_number_hash(nik, "k1", kind="kk") != personal_number_hash(nik, "k1")
    assert nik not in personal_number_hash(nik, "k1")
    with pytest.raises(ValueError, match="16 digits"):
        personal_number_hash("12345", "k1")


def test_masks() -> None:
    assert mask_personal_number("3317094501900001") == "331709**********"
    assert mask_name("Siti Aminah") == "S*** A*****"
