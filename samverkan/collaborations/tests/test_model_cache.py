"""The stored model file is parsed once per process for each text, and a changed text is parsed
again: never a stale model."""

from unittest import mock

from samverkan.collaborations import models as collaboration_models
from samverkan.collaborations.models import Collaboration


def test_the_same_stored_model_file_is_parsed_once(world):
    with mock.patch.object(collaboration_models, "parse_model", wraps=collaboration_models.parse_model) as parse:
        collaboration_models._parsed_models.clear()
        first = Collaboration.objects.get(pk=world.collaboration.pk).model
        second = Collaboration.objects.get(pk=world.collaboration.pk).model
    assert parse.call_count == 1
    assert first is second


def test_a_changed_model_file_gives_the_changed_model(world):
    collaboration = Collaboration.objects.get(pk=world.collaboration.pk)
    assert collaboration.model.name == world.collaboration.name
    renamed = collaboration.model_source.replace(f'name = "{collaboration.name}"', 'name = "Omdöpt samverkan"', 1)
    assert renamed != collaboration.model_source
    Collaboration.objects.filter(pk=collaboration.pk).update(model_source=renamed)  # the checksum left as it was
    assert Collaboration.objects.get(pk=collaboration.pk).model.name == "Omdöpt samverkan"


def test_the_cache_keeps_a_bounded_number_of_models(world, monkeypatch):
    monkeypatch.setattr(collaboration_models, "PARSED_MODELS_KEPT", 2)
    collaboration_models._parsed_models.clear()
    source = Collaboration.objects.get(pk=world.collaboration.pk).model_source
    for n in range(4):
        collaboration_models.stored_model(source + f"\n# {n}\n", "x")
    assert len(collaboration_models._parsed_models) == 2
