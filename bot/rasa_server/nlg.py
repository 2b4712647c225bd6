"""Response variants: the most specific matching condition wins (endpoints.yml, `nlg:`).

Every variant in domain.yml has a condition on the `language` slot, and the caregiver
variants add one on `answering_for`. Rasa 3.6's TemplatedNaturalLanguageGenerator returns
every conditional variant whose conditions hold and picks one at random
(rasa/core/nlg/generator.py, `ResponseVariationFilter.responses_for_utter_action`): a
caregiver would get the patient's own variant about half the time. This generator keeps,
among the variants Rasa's filter returns (channel-specific conditional ones first, then
default, then conditional without a channel, then default without a channel, as Rasa
orders them), only those with the most conditions, then picks among them as Rasa does.

Rasa builds it from endpoints.yml (`nlg: {type: bot.rasa_server.nlg.MostSpecificResponseGenerator}`)
with `cls(endpoint_config=..., domain=...)`, and the agent then hands it the model's
responses (rasa/core/agent.py `load_model`: it is a TemplatedNaturalLanguageGenerator).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.constants import RESPONSE_CONDITION
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

Variant = dict[str, Any]


def most_specific(variants: list[Variant]) -> list[Variant]:
    """The variants with the most conditions (all of them when none has a condition)."""
    if not variants:
        return []
    most = max(len(v.get(RESPONSE_CONDITION) or []) for v in variants)
    return [v for v in variants if len(v.get(RESPONSE_CONDITION) or []) == most]


class MostSpecificVariationFilter(ResponseVariationFilter):
    """Rasa's filter, narrowed to the matching variants with the most conditions."""

    def responses_for_utter_action(
        self, utter_action: str, output_channel: str, filled_slots: dict[str, Any]
    ) -> list[Variant]:
        """Rasa's choice of variants for this channel and these slots, most specific only."""
        return most_specific(super().responses_for_utter_action(utter_action, output_channel, filled_slots))


class MostSpecificResponseGenerator(TemplatedNaturalLanguageGenerator):
    """Rasa's templated generator, choosing only among the most specific matching variants."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        domain: Domain | None = None,
        responses: dict[str, list[Variant]] | None = None,
    ) -> None:
        """Built by Rasa from endpoints.yml (config and domain), or in tests from responses."""
        del endpoint_config  # nothing to configure
        if responses is None:
            responses = domain.responses if domain is not None else {}
        super().__init__(responses)

    def _random_response_for(
        self, utter_action: str, output_channel: str, filled_slots: dict[str, Any]
    ) -> Variant | None:
        """One of the most specific variants that match, picked at random as Rasa does."""
        import numpy as np

        if utter_action not in self.responses:
            return None
        variants = MostSpecificVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, filled_slots
        )
        if not variants:
            return None
        chosen: Variant = np.random.choice(variants)  # type: ignore[arg-type]
        if chosen.get(RESPONSE_CONDITION):
            logger.debug("Response %s: a variant with %d conditions.", utter_action, len(chosen[RESPONSE_CONDITION]))
        return chosen
