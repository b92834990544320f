"""The profile pages: the organization's registration facts, team, past projects and standing documents."""
