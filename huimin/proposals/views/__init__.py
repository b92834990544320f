"""The proposal pages: the organization's profile, its proposals, the editor, receipts, the printed proposal and
the read-only view for staff after the deadline."""
