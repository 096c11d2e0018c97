package ghostnet

import "threatmap/data/basemap"

// locator returns the country locator that keeps jittered points inside
// their country: the 1:50m Natural Earth outlines of data/basemap.
func locator() Locator { return basemap.DefaultLocator() }
