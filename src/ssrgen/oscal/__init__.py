"""Pub 1075 in OSCAL: the profile and catalogs, the agency's SSP and POA&M, and back.

- :mod:`ssrgen.oscal.ids`: catalog ids in OSCAL form and back;
- :mod:`ssrgen.oscal.compare`: our ids and NIST titles against an OSCAL catalog;
- :mod:`ssrgen.oscal.document`: stable UUIDs, metadata, the properties ssrgen adds;
- :mod:`ssrgen.oscal.profile`: the Pub 1075 profile over NIST SP 800-53 Rev. 5 and the
  same resolved into a catalog;
- :mod:`ssrgen.oscal.catalogs`: the requirements outside §4 and the MOU as catalogs;
- :mod:`ssrgen.oscal.ssp`: the system security plan of a workspace;
- :mod:`ssrgen.oscal.poam`: the plan of action and milestones;
- :mod:`ssrgen.oscal.export`: every file written at once through the output door;
- :mod:`ssrgen.oscal.importer`: an OSCAL SSP read back into the workspace's answers.
"""

from ssrgen.oscal.compare import Difference, compare_with_oscal, oscal_titles
from ssrgen.oscal.ids import oscal_to_ours, ours_to_oscal

__all__ = ["Difference", "compare_with_oscal", "oscal_titles", "oscal_to_ours", "ours_to_oscal"]
