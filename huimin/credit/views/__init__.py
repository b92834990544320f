"""Pages of the credit context: public search and record pages, the officers' records desk, the credit
administrator's office (catalogues, regimes, lists, repairs, timeliness) and the credit check."""
