"""Cluster keys: the same claimant, category, subject and value across articles share one."""

from __future__ import annotations

import dataclasses
import hashlib

from transforms.claims.types import Claim


def cluster_key(
    *,
    claimant_key: str | None,
    claimant_entity_id: str | None,
    claimant_text: str | None,
    category: str,
    subject_entity_id: str | None,
    subject_group: str | None,
    value: float,
    qualifier: str,
) -> str:
    """Claims with the same claimant, category, subject and value share a cluster key."""
    payload = "\x1f".join(
        [
            claimant_key or claimant_entity_id or _normal(claimant_text),
            category,
            subject_entity_id or _normal(subject_group),
            f"{value:g}",
            qualifier,
        ]
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def with_cluster_key(claim: Claim) -> Claim:
    """The claim with its cluster key set from its own fields."""
    key = cluster_key(
        claimant_key=claim.claimant_key,
        claimant_entity_id=claim.claimant_entity_id,
        claimant_text=claim.claimant_text,
        category=claim.category,
        subject_entity_id=claim.subject_entity_id,
        subject_group=claim.subject_group,
        value=claim.value,
        qualifier=claim.qualifier,
    )
    return dataclasses.replace(claim, cluster_key=key)


def _normal(text: str | None) -> str:
    return " ".join((text or "").lower().split())
