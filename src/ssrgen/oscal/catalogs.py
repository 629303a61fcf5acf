"""ssrgen's catalogs as OSCAL catalogs: one control per entry, its words as parts.

The same builder serves the Pub 1075 §4 catalog (``pub1075-catalog.json``, the
profile resolved), the Pub 1075 requirements outside §4
(``pub1075-requirements-catalog.json``) and the MOU obligations
(``mou-catalog.json``). What OSCAL has no field for is a property in ssrgen's
namespace (:data:`~ssrgen.oscal.document.NS`):

- ``source``: the citation (``Pub 1075 Rev. 11-2021 §4.1 AC-7``);
- ``pub1075-title`` and ``nist-title`` where Pub 1075 and NIST name a control differently;
- ``control-table``: the columns of Pub 1075's Security and Privacy Control Table
  that are marked (``control-enhancements``, ``privacy-related``, ``physical``,
  ``information-technology``), and ``physical-security-reference``;
- ``nist-baseline``: ``moderate``, ``privacy``, or ``none`` for the controls outside both;
- ``review-cadence``: how often the control is reviewed (``3 years``), its class the
  parameter it comes from, or ``default``;
- ``related-authority``: an IRC § 6103 provision an entry refers to.

Parts: the ``statement`` (Pub 1075's words, IRS's values in place; items flagged
``irs-defined`` where IRS added them), ``guidance`` of class ``pub1075`` (the
Supplemental Guidance), ``item`` parts of class ``irs-defined`` (the requirements
marked IRS-Defined), and ``ssr-evidence`` (Table 3 of §2.E.4.1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ssrgen.catalog import Catalogs
from ssrgen.model.catalog import Entry, Group, Parameter, Part
from ssrgen.oscal.document import JSON, NS, prop, props_of, stable_uuid
from ssrgen.oscal.ids import control_id
from ssrgen.oscal.parameters import NistValue

FLAG_NAMES = {
    "control_enhancements": "control-enhancements",
    "privacy_related": "privacy-related",
    "physical": "physical",
    "information_technology": "information-technology",
}
# where a related entry of another catalog lives, for links between the files
FILES = {
    "pub1075": "pub1075-catalog.json",
    "pub1075-req": "pub1075-requirements-catalog.json",
    "mou": "mou-catalog.json",
}

Href = Callable[[str], str | None]


def sort_id(entry_id: str) -> str:
    """``ac-07``, ``ac-02.03``: NIST's sort-id, zero-padded so ids sort as read."""
    oscal = control_id(entry_id)
    return re.sub(r"\d+", lambda m: m.group(0).zfill(2), oscal)


def _token(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def statement_parts(parts: list[Part], parent_id: str) -> list[JSON]:
    """The items of a statement (nested), their ids made from their labels."""
    out: list[JSON] = []
    tokens = [_token(p.label) for p in parts]
    for index, part in enumerate(parts, start=1):
        token = tokens[index - 1]
        if not token or not token[0].isalnum() or tokens.count(token) > 1:
            token = str(index)
        part_id = f"{parent_id}.{token}"
        item: JSON = {"id": part_id, "name": "item"}
        if part.irs_defined:
            item["class"] = "irs-defined"
        item["props"] = [prop("label", part.label, ours=False)]
        if part.irs_defined:
            item["props"].append(prop("irs-defined", "true"))
        item["prose"] = part.text
        if part.parts:
            item["parts"] = statement_parts(part.parts, part_id)
        out.append(item)
    return out


def irs_defined_parts(entry: Entry, cid: str) -> list[JSON]:
    """The requirements marked (IRS-Defined), as items of the statement."""
    return [{"id": f"{cid}_smt.irs-{n}", "name": "item", "class": "irs-defined",
             "props": [prop("label", "IRS-Defined", ours=False), prop("irs-defined", "true")], "prose": text}
            for n, text in enumerate(entry.irs_defined, start=1)]


def entry_props(entry: Entry) -> list[JSON]:
    """What Pub 1075 says of a control that OSCAL has no field for."""
    out = [prop("source", entry.source)]
    if entry.nist_title:
        out += [prop("pub1075-title", entry.title), prop("nist-title", entry.nist_title)]
    if entry.flags:
        out += [prop("control-table", FLAG_NAMES[name]) for name, marked in entry.flags if marked]
    if entry.reference_section:
        out.append(prop("physical-security-reference", entry.reference_section))
    if entry.nist_baselines is not None:
        out += [prop("nist-baseline", b) for b in entry.nist_baselines] or [
            prop("nist-baseline", "none", remarks="Outside NIST SP 800-53B's moderate and privacy baselines; "
                 "Pub 1075 §4 selects it.")]
    if entry.review_cadence:
        cadence = entry.review_cadence
        out.append(prop("review-cadence", quantity(cadence.value, cadence.unit), cls=cadence.basis))
    out += [prop("related-authority", ref) for ref in entry.related if ref.startswith(("IRC-", "CFR-"))]
    return props_of(out)


def quantity(value: object, unit: str) -> str:
    """``3 years``, ``1 year``, ``1 business day``: the unit singular for one."""
    return f"{value} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"


def _parameter_value(parameter: Parameter) -> str:
    return quantity(parameter.value, parameter.unit) if parameter.unit else str(parameter.value)


def own_param_id(cid: str, parameter: Parameter) -> str:
    """The id of a value IRS sets that NIST's statement has no placeholder for."""
    return f"{cid}_irs.{parameter.name}"


def parameters(entry: Entry, cid: str, nist: list[NistValue]) -> tuple[list[JSON], list[JSON]]:
    """(NIST parameters set to IRS's values, IRS's values NIST has no parameter for)."""
    by_name = {p.name: p for p in entry.parameters}
    set_values: list[JSON] = []
    for value in nist:
        param: JSON = {"id": value.param}
        structured = by_name.get(value.parameter or "")
        param["props"] = props_of([
            prop("pub1075-part", value.part),
            prop("irs-parameter", structured.name) if structured else {},
            prop("irs-value", structured.value) if structured else {},
            prop("irs-unit", structured.unit or "") if structured else {},
        ])
        if value.selection:
            param["select"] = {"how-many": "one", "choice": [value.value]}
        else:
            param["values"] = [value.value]
        set_values.append(param)
    linked = {v.parameter for v in nist if v.parameter}
    own = []
    for parameter in entry.parameters:
        if parameter.name in linked:
            continue
        own.append({
            "id": own_param_id(cid, parameter),
            "class": "irs-defined" if parameter.irs_defined else "pub1075",
            "props": props_of([prop("irs-parameter", parameter.name), prop("pub1075-part", parameter.applies_to or ""),
                               prop("irs-value", parameter.value), prop("irs-unit", parameter.unit or "")]),
            "label": parameter.name.replace("_", " "),
            "guidelines": [{"prose": parameter.quote}],
            "values": [_parameter_value(parameter)],
        })
    return set_values, own


def extra_parts(entry: Entry, cid: str) -> list[JSON]:
    """Supplemental guidance and Table 3's evidentiary documents."""
    out: list[JSON] = []
    if entry.guidance:
        out.append({"id": f"{cid}_p1075-gdn", "name": "guidance", "class": "pub1075",
                    "title": "Supplemental Guidance (Pub 1075)", "prose": "\n\n".join(entry.guidance)})
    if entry.expected_artifacts:
        out.append({"id": f"{cid}_ssr-evidence", "name": "ssr-evidence", "ns": NS,
                    "title": "Evidentiary documents for the SSR (Pub 1075 §2.E.4.1, Table 3)",
                    "parts": [{"id": f"{cid}_ssr-evidence.{n}", "name": "item", "prose": text}
                              for n, text in enumerate(entry.expected_artifacts, start=1)]})
    return out


def control(entry: Entry, catalog: str, href: Href, nist: dict[str, list[NistValue]], cls: str) -> JSON:
    """One entry, with its enhancements, as an OSCAL control."""
    cid = control_id(entry.id)
    out: JSON = {"id": cid, "class": cls, "title": entry.title}
    set_values, own = parameters(entry, cid, nist.get(entry.id, []))
    if set_values or own:
        out["params"] = set_values + own
    out["props"] = [prop("label", entry.id, ours=False), prop("sort-id", sort_id(entry.id), ours=False),
                    *entry_props(entry)]
    links = [{"href": target, "rel": "related"} for ref in entry.related if (target := href(ref))]
    if links:
        out["links"] = links
    statement: JSON = {"id": f"{cid}_smt", "name": "statement"}
    if entry.text:
        statement["prose"] = entry.text
    items = statement_parts(entry.parts, f"{cid}_smt") + irs_defined_parts(entry, cid)
    if items:
        statement["parts"] = items
    parts = [statement] if ("prose" in statement or items) else []
    parts += extra_parts(entry, cid)
    if parts:
        out["parts"] = parts
    if entry.enhancements:
        out["controls"] = [control(e, catalog, href, nist, f"{cls}-enhancement") for e in entry.enhancements]
    return out


def linker(catalogs: Catalogs, catalog: str, exported: Iterable[str]) -> Href:
    """Where a related id points: ``#id`` in the same file, ``file.json#id`` in another one
    exported with it, nowhere for an authority (a property says it)."""
    files = set(exported)

    def href(ref: str) -> str | None:
        found = catalogs.find(ref)
        if found is None or found.catalog not in FILES:
            return None
        if found.catalog == catalog:
            return f"#{control_id(found.id)}"
        return f"{FILES[found.catalog]}#{control_id(found.id)}" if FILES[found.catalog] in files else None

    return href


def group(source: Group, group_id: str, catalog: str, href: Href, nist: dict[str, list[NistValue]],
          cls: str) -> JSON:
    out: JSON = {"id": group_id, "class": "family" if catalog == "pub1075" else "section", "title": source.title,
                 "props": [prop("source", source.source)]}
    out["controls"] = [control(e, catalog, href, nist, cls) for e in source.entries]
    return out


def group_id(catalog: str, source: Group) -> str:
    return source.group.lower() if catalog == "pub1075" else f"{catalog}-{_token(source.group)}"


def catalog_document(catalogs: Catalogs, catalog: str, exported: Iterable[str], nist: dict[str, list[NistValue]],
                     meta: JSON, cls: str, publisher: str) -> JSON:
    """A whole ssrgen catalog as an OSCAL catalog document (``metadata`` given), as
    ``publisher`` (the agency) exports it."""
    href = linker(catalogs, catalog, exported)
    return {"catalog": {
        "uuid": stable_uuid("catalog", catalog, catalogs.version, publisher),
        "metadata": meta,
        "groups": [group(g, group_id(catalog, g), catalog, href, nist, cls) for g in catalogs.groups[catalog]],
    }}
