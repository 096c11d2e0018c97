package ghostnet

// locator returns the country locator used to keep jittered points inside
// their country. Until data/basemap is available it returns nil.
func locator() Locator { return nil }
