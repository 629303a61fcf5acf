"""Which technology-specific requirements of Pub 1075 §3.3 a system's technology calls for.

One reading of ``ssrgen.yaml`` for every part of ssrgen that asks (the SSR's
section 9.4, the internal inspection checklist): a system hosted in the cloud
(``hosting: cloud`` or ``hybrid``) uses cloud computing, and a system whose
``technologies`` name one of the words of :data:`TOPIC_WORDS` uses that
technology ("Exchange Online" is email, "Citrix" a virtual desktop). The words
are ssrgen's reading of §3.3, listed in docs/ssr-template.md; a system that uses
a technology under another name says so by adding the word to its technologies.
"""

from __future__ import annotations

import re

from ssrgen.model.workspace import System

TOPIC_PREFIX = "P1075-3.3."
CLOUD_HOSTING = ("cloud", "hybrid")

# the words (whole words, any case) that put a system's technology under a §3.3 topic
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "P1075-3.3.1": ("cloud", "IaaS", "PaaS", "SaaS", "FedRAMP"),
    "P1075-3.3.2": ("email", "e-mail", "mail server", "SMTP", "Exchange Server", "Exchange Online", "Outlook"),
    "P1075-3.3.3": ("fax", "facsimile"),
    "P1075-3.3.4": ("mobile", "MDM", "smartphone", "tablet", "iOS", "iPadOS", "Android"),
    "P1075-3.3.5": ("multifunction", "multi-function", "MFD", "HVP", "printer", "copier"),
    "P1075-3.3.6": ("firewall", "router", "VPN", "IDS", "IPS", "intrusion detection", "intrusion prevention",
                    "WLAN", "wireless", "Wi-Fi", "DMZ", "load balancer", "network boundary"),
    "P1075-3.3.7": ("VDI", "virtual desktop", "desktop virtualization", "Citrix", "Horizon"),
    "P1075-3.3.8": ("public-facing", "public facing", "internet-facing", "portal", "IVR",
                    "interactive voice response", "public website"),
}


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?") for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


_PATTERNS = {topic: _pattern(words) for topic, words in TOPIC_WORDS.items()}


def uses(system: System, topic: str) -> str | None:
    """Why ``system`` uses the technology of ``topic`` (its hosting or the technology named), or None."""
    if topic == "P1075-3.3.1" and system.hosting in CLOUD_HOSTING:
        provider = f": {system.cloud_provider}" if system.cloud_provider else ""
        return f"{system.hosting} hosting{provider}"
    pattern = _PATTERNS.get(topic)
    if pattern is None:
        return None
    found = [t for t in system.technologies if pattern.search(t)]
    return ", ".join(found) or None
