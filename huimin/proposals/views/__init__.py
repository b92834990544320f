"""The proposal pages: the organization's proposals, the editor, receipts, the printed proposal and the read-only
view for staff after the deadline. (The organization's profile is huimin.providers'.)"""
