"""The planning pages: rounds and budgets (rounds.py), purchasers' plans and intentions (intentions.py)."""
