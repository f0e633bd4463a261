//! Quarterly ensure-report export for a portfolio. (issue 5)
