"""An association's profile (issue 15, point 3): registered by the citizen representing it,
refused under three years, its statutes and receipt stored privately and kept by the
orphans cleanup, and its petitions deposited without signatures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from counter.domain.petitions import PetitionError
from counter.i18n import t
from counter.models import Region
from counter.services import associations, storage
from counter.services import petitions as svc
from tests.test_petitions import NOW, World, _account, _world

TODAY = NOW.date()


@pytest.fixture
def world(demo_session: Session) -> World:
    return _world(demo_session)


def _regions(session: Session) -> dict[str, int]:
    return dict(session.exec(select(Region.code, Region.id)).all())


def test_an_association_younger_than_three_years_is_refused_with_a_clear_message(
        demo_session, world):
    regions = _regions(demo_session)
    with pytest.raises(PetitionError) as caught:
        associations.register(demo_session, representative=world.author, name="Jeunes",
                              number="R-1", registered_on="2023-03-03",
                              seat_region_id=regions["DRA"], branch_region_ids=[], today=TODAY)
    assert caught.value.code == "petition.association_too_young"
    assert "3" in t(caught.value.code, "ar")
    # Three years to the day: accepted.
    associations.register(demo_session, representative=world.author, name="Anciens",
                          number="R-2", registered_on="2023-03-02",
                          seat_region_id=regions["DRA"], branch_region_ids=[], today=TODAY)
    for bad, code in (("2031-01-01", "association.date_invalid"),
                      ("01/01/2020", "association.date_invalid")):
        with pytest.raises(PetitionError) as caught:
            associations.register(demo_session, representative=world.author, name="X",
                                  number="R-3", registered_on=bad,
                                  seat_region_id=regions["DRA"], branch_region_ids=[],
                                  today=TODAY)
        assert caught.value.code == code


def test_the_profile_says_where_it_may_petition_and_which_documents_are_there(
        demo_session, world, received):
    session, regions = demo_session, _regions(demo_session)
    saved = associations.register(session, representative=world.author, name="Tafilalet Avenir",
                                  number="DRA-2019-44", registered_on="2019-05-10",
                                  seat_region_id=regions["DRA"],
                                  branch_region_ids=[regions["ORI"], regions["DRA"]],
                                  today=TODAY)
    statutes = received("statuts.pdf")
    associations.attach_document(session, account=world.author, association_id=saved.id,
                                 doc_code="statutes", received=statutes)
    session.commit()
    (row,) = associations.profiles(session, account=world.author, lang="fr", today=TODAY)
    assert row["may_petition"] == t("association.may_petition", "fr",
                                    regions="Drâa-Tafilalet, Oriental")
    assert [(d["code"], d["file"]) for d in row["documents"]] == [
        ("statutes", "statuts.pdf"), ("registration_receipt", "")]
    assert row["complete"] == ""
    assert statutes.stored_name in storage.referenced_names(session)
    # A new file replaces the statutes; another citizen may not touch the profile.
    second = received("statuts-2024.pdf")
    associations.attach_document(session, account=world.author, association_id=saved.id,
                                 doc_code="statutes", received=second)
    names = storage.referenced_names(session)
    assert second.stored_name in names and statutes.stored_name not in names
    with pytest.raises(PetitionError):
        associations.attach_document(session, account=world.rep, association_id=saved.id,
                                     doc_code="registration_receipt",
                                     received=received("r.pdf"))
    young = associations.profiles(session, account=world.author, lang="en",
                                  today=date(2019, 6, 1))
    assert young[0]["may_petition"] == t("association.not_yet", "en", date="10/05/2022")


def test_its_representative_deposits_a_petition_without_signatures(demo_session, world):
    session, regions = demo_session, _regions(demo_session)
    saved = associations.register(session, representative=world.author, name="Oasis",
                                  number="DRA-2015-01", registered_on="2015-01-01",
                                  seat_region_id=regions["DRA"], branch_region_ids=[],
                                  today=TODAY)
    petition = svc.draft_petition(session, author=world.author, region_id=world.region.id,
                                  title="Un centre culturel", request="Construire.",
                                  reasons="Aucun lieu.", association_id=saved.id, today=TODAY)
    svc.deposit(session, account=world.author, petition_id=petition.id, now=NOW)
    session.commit()
    assert petition.status == "deposited"
    assert svc.counts_by_province(session, petition.id) == dict.fromkeys(world.provinces, 0)
    outsider = _account(session, "ZZ8")
    with pytest.raises(PetitionError):
        svc.draft_petition(session, author=outsider, region_id=world.region.id, title="T",
                           request="R", reasons="M", association_id=saved.id)
