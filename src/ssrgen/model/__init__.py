"""The data model: catalogs (what IRS requires) and workspaces (what the agency did)."""
