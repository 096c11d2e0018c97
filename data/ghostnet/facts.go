package ghostnet

// This file holds what the sources report (SOURCES.md §1–§5). Everything in it
// is "reported"; the reconstruction lives in the other files.

// Reported headline figures (IWM JR02-2009, pp.5, 40, 44).
const (
	NumHosts       = 1295                                   // infected computers
	NumCountries   = 103                                    // countries they were in
	NumBroadband   = 536                                    // private broadband hosts
	NumHighValue   = 397                                    // identified as high-value with L/M/H confidence
	NumItemised    = 347                                    // infections itemised in Table 2 (sum of its rows)
	NumUnresolved  = NumHosts - NumHighValue - NumBroadband // 362, derived
	NumUnitemised  = NumHighValue - NumItemised             // 50, derived
	NumControl     = 4
	NumCommand     = 6
	DecSpikeHosts  = 320 // new infections in December 2007
	DecSpikeCounts = 56  // countries of the December 2007 spike
	DecSpikeTW     = 113 // of them in Taiwan, mostly TAITRA
	AugSpikeHosts  = 258 // new infections in August 2008
	AugSpikeCounts = 46  // countries of the August 2008 spike
	MeanSpanDays   = 145 // mean days from infection to last check-in
	OneDayHosts    = 90  // hosts infected for one day only
	LongHosts      = 145 // hosts infected for over 400 days
	LongDays       = 400
	MaxSpanDays    = 660 // longest infection span
	MarchActive    = 422 // hosts that checked in 1–12 March 2009
	MarchFrom2008  = 373 // of them infected in 2008
)

// Reported dates (R p.44): the first check-in and the last entry.
const (
	FirstDay = "2007-05-22"
	LastDay  = "2009-03-12"
)

// Org is one row of the report's Table 2 ("Selected infections").
type Org struct {
	Name       string   // as printed (apostrophes made ASCII)
	Confidence string   // high, medium or low (printed H, M, L)
	Printed    string   // location as printed, e.g. "ID, MY"
	Countries  []string // alpha-2 codes to place hosts in ("CS" -> "RS")
	Infections int
	Type       string // our class (SOURCES.md §6), derived from the name
}

// Table2 is the report's Table 2 in printed order (R pp.42–44, re-assembled
// from its text as SOURCES.md §3 explains): 78 rows, 347 infections.
var Table2 = []Org{
	{"ASEAN", "high", "ID, MY", []string{"ID", "MY"}, 3, "intl_org"},
	{"Asian Development Bank", "high", "PH, IN", []string{"PH", "IN"}, 3, "intl_org"},
	{"Associated Press, UK", "high", "GB, HK", []string{"GB", "HK"}, 2, "news_media"},
	{"Bureau of International Trade Relations", "low", "PH", []string{"PH"}, 1, "gov_other"},
	{"CanTV, Venezuela", "high", "VE", []string{"VE"}, 8, "commercial"},
	{"Ceger, Portugal", "high", "PT", []string{"PT"}, 1, "gov_other"},
	{"Consulate General of Malaysia, Hong Kong", "high", "HK", []string{"HK"}, 1, "embassy"},
	{"Deloitte & Touche, New York", "high", "US", []string{"US"}, 1, "commercial"},
	{"Department of Commerce, Solomon Islands", "low", "SB", []string{"SB"}, 1, "gov_other"},
	{"Department of Foreign Affairs, Indonesia", "high", "ID", []string{"ID"}, 3, "mfa"},
	{"Department of Foreign Affairs, Philippines", "high", "PH", []string{"PH"}, 1, "mfa"},
	{"Department of Science and Technology, Philippines", "high", "PH", []string{"PH"}, 2, "gov_other"},
	{"Embassy of China, US", "high", "US", []string{"US"}, 1, "embassy"},
	{"Embassy of Cyprus, Germany", "high", "DE", []string{"DE"}, 1, "embassy"},
	{"Embassy of Germany, Australia", "medium", "AU", []string{"AU"}, 1, "embassy"},
	{"Embassy of India, Belgium", "low", "BE", []string{"BE"}, 1, "embassy"},
	{"Embassy of India, Serbia", "low", "CS", []string{"RS"}, 1, "embassy"},
	{"Embassy of India, Germany", "high", "DE", []string{"DE"}, 1, "embassy"},
	{"Embassy of India, Italy", "high", "IT", []string{"IT"}, 1, "embassy"},
	{"Embassy Of India, Kuwait", "high", "KW", []string{"KW"}, 1, "embassy"},
	{"Embassy of India, USA", "high", "US", []string{"US"}, 7, "embassy"},
	{"Embassy of India, Zimbabwe", "high", "ZA", []string{"ZA"}, 1, "embassy"},
	{"Embassy of Indonesia, China", "high", "CN", []string{"CN"}, 1, "embassy"},
	{"Embassy of Malaysia, Cuba", "high", "CU", []string{"CU"}, 1, "embassy"},
	{"Embassy of Malaysia, Italy", "high", "IT", []string{"IT"}, 1, "embassy"},
	{"Embassy of Malta", "low", "MT", []string{"MT"}, 4, "embassy"},
	{"Embassy of Malta, Australia", "low", "AU", []string{"AU"}, 1, "embassy"},
	{"Embassy of Malta, Belgium", "low", "BE", []string{"BE"}, 11, "embassy"},
	{"Embassy of Malta, Libya", "low", "LY", []string{"LY"}, 1, "embassy"},
	{"Embassy of Pakistan, Bahrain", "low", "BH", []string{"BH"}, 1, "embassy"},
	{"Embassy of Papua New Guinea, China", "low", "CN", []string{"CN"}, 1, "embassy"},
	{"Embassy of Portugal, Finland", "high", "FI", []string{"FI"}, 1, "embassy"},
	{"Embassy of Portugal, Germany", "high", "DE", []string{"DE"}, 1, "embassy"},
	{"Embassy of The Republic Of China (Taiwan), Swaziland", "high", "TW", []string{"TW"}, 1, "embassy"},
	{"Embassy of Romania, Finland", "high", "FI", []string{"FI"}, 1, "embassy"},
	{"Embassy of Romania, France", "high", "FR", []string{"FR"}, 1, "embassy"},
	{"Embassy of Romania, Norway", "high", "NO", []string{"NO"}, 1, "embassy"},
	{"Embassy of Romania, PRC", "high", "CN", []string{"CN"}, 1, "embassy"},
	{"Embassy of Thailand, Philippines", "high", "PH", []string{"PH"}, 2, "embassy"},
	{"Embassy of the Republic of Korea, China", "high", "CN", []string{"CN"}, 2, "embassy"},
	{"Government Integrated Telecommunication Network, Malaysia", "low", "MY", []string{"MY"}, 2, "gov_other"},
	{"High Commission of India, Cyprus", "high", "CY", []string{"CY"}, 1, "embassy"},
	{"High Commission Of India, United Kingdom", "high", "GB", []string{"GB"}, 1, "embassy"},
	{"Institute for Information Industry, Taiwan", "low", "TW", []string{"TW"}, 1, "academic_research"},
	{"International Campaign for Tibet", "high", "NL", []string{"NL"}, 7, "tibetan_ngo"},
	{"International Chamber of Shipping, United Kingdom", "low", "GB", []string{"GB"}, 1, "commercial"},
	{"Lanka Education and Research Network, Sri Lanka", "low", "LK", []string{"LK"}, 1, "academic_research"},
	{"Malta External Trade Corporation Ltd.", "high", "MT", []string{"MT"}, 1, "gov_other"},
	{"Maritime Police, Solomon Islands", "high", "SB", []string{"SB"}, 1, "gov_other"},
	{"Ministry of Communications, Brunei", "high", "BN", []string{"BN"}, 1, "gov_other"},
	{"Ministry of Education, Solomon Islands", "high", "SB", []string{"SB"}, 1, "gov_other"},
	{"Ministry of Foreign Affairs, Bangladesh", "high", "BD", []string{"BD"}, 4, "mfa"},
	{"Ministry of Foreign Affairs, Barbados", "medium", "BB", []string{"BB"}, 5, "mfa"},
	{"Ministry of Foreign Affairs, Bhutan", "low", "BT", []string{"BT"}, 11, "mfa"},
	{"Ministry of Foreign Affairs, Brunei", "low", "BN", []string{"BN"}, 1, "mfa"},
	{"Ministry Of Foreign Affairs, Iran", "high", "IR", []string{"IR"}, 1, "mfa"},
	{"Ministry of Foreign Affairs, Latvia", "high", "LV", []string{"LV"}, 2, "mfa"},
	{"Ministry of Industry and Trade, Vietnam", "low", "VN", []string{"VN"}, 30, "gov_other"},
	{"Ministry of Labour and Human Resources, Bhutan", "high", "BT", []string{"BT"}, 1, "gov_other"},
	{"National Informatics Centre, India", "low", "IN", []string{"IN"}, 12, "gov_other"},
	{"NATO, (SHAPE HQ)", "high", "NL", []string{"NL"}, 1, "intl_org"},
	{"Net Trade, Taiwan", "high", "TW", []string{"TW"}, 1, "commercial"},
	{"New Tang Dynasty Television, United States", "low", "US", []string{"US"}, 1, "news_media"},
	{"Office of the Dalai Lama, India", "high", "IN", []string{"IN"}, 2, "tibetan_gov"},
	{"Pakistan Mission to The United Nations", "low", "US, JP", []string{"US", "JP"}, 4, "mission_multilateral"},
	{"Permanent Delegation of Cyprus to the European Union", "low", "BE", []string{"BE"}, 1, "mission_multilateral"},
	{"Permanent Mission of Cuba to the United Nations", "low", "US", []string{"US"}, 1, "mission_multilateral"},
	{"PetroVietnam", "low", "VN", []string{"VN"}, 74, "commercial"},
	{"Prime Minister's Office, Laos", "high", "LA", []string{"LA"}, 5, "gov_other"},
	{"Public Service Division, Solomon Islands", "high", "SB", []string{"SB"}, 1, "gov_other"},
	{"Russian Federal University Network, Russian Federation", "high", "RU", []string{"RU"}, 1, "academic_research"},
	{"Software Technology Parks of India, India", "low", "IN", []string{"IN"}, 2, "gov_other"},
	{"South Asian Association for Regional Cooperation", "low", "BD, US", []string{"BD", "US"}, 5, "intl_org"},
	{"Students for a Free Tibet, United States", "high", "US", []string{"US"}, 2, "tibetan_ngo"},
	{"TAITRA, Taiwan", "high", "TW, NG", []string{"TW", "NG"}, 79, "gov_other"},
	{"Taiwan Government Service Network, Taiwan", "high", "TW", []string{"TW"}, 1, "gov_other"},
	{"Tibetan Government in Exile, India", "high", "IN, US", []string{"IN", "US"}, 4, "tibetan_gov"},
	{"Trade and Industry Department, Government of Hong Kong", "high", "HK", []string{"HK"}, 1, "gov_other"},
}

// Server is a reported C2 server (R pp.30, 32). The IPs are redacted in the
// public report; Lon and Lat are reconstructed (see servers in place.go).
type Server struct {
	ID      string
	Role    string // "control" or "command"
	Name    string
	Network string // ISP as reported
	Region  string // province or state of the hosting location
	Country string // hosting location, not attribution
	City    string // the city we put it at (reconstructed)
	Lon     float64
	Lat     float64
	Source  string
	Note    string // written as "note" when set
}

// pin is a month the report gives for a named Table-2 organisation (§5):
// N of its hosts (optionally only those placed in Country) were first seen
// in Month; Last, when set, is the month of the last check-in.
type pin struct {
	Org     string
	Country string
	N       int
	Month   string // "2007-12" or "2008-08"
	Last    string
}

// pins lists the spike members named in R p.44. Where the report names an
// organisation without a number, one host is pinned; "the majority" of 113
// Taiwanese infections in TAITRA is 57; "several" TGIE computers is 3.
var pins = []pin{
	{"TAITRA, Taiwan", "TW", 57, "2007-12", ""},
	{"Embassy of India, Belgium", "", 1, "2007-12", ""},
	{"Embassy of India, Zimbabwe", "", 1, "2007-12", ""},
	{"Embassy of Indonesia, China", "", 1, "2007-12", ""},
	{"Embassy of the Republic of Korea, China", "", 1, "2007-12", ""},
	{"Ministry Of Foreign Affairs, Iran", "", 1, "2007-12", ""},
	{"Tibetan Government in Exile, India", "", 3, "2007-12", ""},

	{"Office of the Dalai Lama, India", "", 1, "2008-08", "2008-09"},
	{"Embassy of China, US", "", 1, "2008-08", ""},
	{"Embassy of India, USA", "", 3, "2008-08", ""},
	{"High Commission Of India, United Kingdom", "", 1, "2008-08", ""},
	{"High Commission of India, Cyprus", "", 1, "2008-08", ""},
	{"Embassy of Cyprus, Germany", "", 1, "2008-08", ""},
	{"Embassy of Malaysia, Cuba", "", 1, "2008-08", ""},
	{"Embassy of Thailand, Philippines", "", 1, "2008-08", ""},
	{"Ministry of Industry and Trade, Vietnam", "", 1, "2008-08", ""},
	{"Net Trade, Taiwan", "", 1, "2008-08", ""},
	{"Deloitte & Touche, New York", "", 1, "2008-08", ""},
	{"PetroVietnam", "", 1, "2008-08", ""},
}

// Title, Sources and Caveat are the dataset-level metadata. The caveat
// stays one line under 500 bytes (what the reader keeps).
const (
	Title  = "GhostNet (2009), reconstructed"
	Caveat = "Reconstruction: host counts, Table 2 organisations, server networks and timeline figures are reported; host positions, most dates and every host-server link are filled in. Per-country counts are reported only for Taiwan (148) and Vietnam (130); those of the US and India (only ranked 2nd and 4th) and of the 99 other countries are ours, as are the countries of hosts outside Table 2. Server locations show where servers were hosted, not who operated them."
)

// ConfidenceNote explains a host's confidence (R pp.40-42); it is written
// as the dataset's metadata "confidence_note".
const ConfidenceNote = "Confidence is the report's confidence in identifying the organisation behind an infected computer, not in the infection: high = confirmed by reverse DNS and the IP address's regional Internet registry record; medium = a related high-confidence target was identified, otherwise the computer name; low = from the computer name alone (IWM JR02-2009 pp.40-42)."

// ReportedCounts are the per-country host totals a source gives: the press
// reading of the report's map (techgeek.com.au). The report itself only
// ranks Taiwan > United States > Vietnam > India (p.41); every other
// country's count, the US's and India's included, is ours.
var ReportedCounts = map[string]int{"TW": 148, "VN": 130}

// ReportedCountries are the keys of ReportedCounts in alpha-2 order,
// written as the dataset's metadata "reported_countries".
var ReportedCountries = []string{"TW", "VN"}

// Notes the report or the press attach to records; written as the record's
// "note" property.
const (
	// noteChinaEmbassy is R's footnote 50 on "Embassy of China, US".
	noteChinaEmbassy = "Report footnote 50: it is unclear whether the affected embassy is that of the Republic of China (Taiwan) or of the People's Republic of China."
	// noteMalta goes on the five Maltese institutions of Table 2.
	noteMalta = "Maltese institution. The Malta Independent (31 March 2009) counts five Maltese computers wherever they were: at embassies in Libya, Australia and Brussels, one in Malta, and at the Malta External Trade Corporation; Table 2 as re-assembled gives these five rows 18 infections. Neither figure counts hosts located in Malta."
	// noteUSServer is on control server 2, whose state only the press gives.
	noteUSServer = "Region reconstructed from press reports: the report says only \"a web-hosting company in the United States\" (pp.30, 32). The NYT, as quoted, says California; maravis.com Southern California; techgeek.com.au North California. Placed at Los Angeles by us."
)

// orgNotes maps Table-2 organisations to their note.
var orgNotes = map[string]string{
	"Embassy of China, US":                  noteChinaEmbassy,
	"Embassy of Malta":                      noteMalta,
	"Embassy of Malta, Australia":           noteMalta,
	"Embassy of Malta, Belgium":             noteMalta,
	"Embassy of Malta, Libya":               noteMalta,
	"Malta External Trade Corporation Ltd.": noteMalta,
}

// Sources are the public sources of the facts, one line each (SOURCES.md,
// Sources).
var Sources = []string{
	"Information Warfare Monitor, Tracking GhostNet: Investigating a Cyber Espionage Network, JR02-2009, 29 March 2009, http://www.infowar-monitor.net/ghostnet (text: https://github.com/lukaszbb/apt-analysis/blob/4c7a92f85d77a410581f1c8850410450d15345a5/reports_txt/2009/ghostnet.txt)",
	"S. Nagaraja and R. Anderson, The snooping dragon: social-malware surveillance of the Tibetan movement, UCAM-CL-TR-746, March 2009, http://www.cl.cam.ac.uk/techreports/UCAM-CL-TR-746.html",
	"J. Markoff, Vast Spy System Loots Computers in 103 Countries, The New York Times, 29 March 2009, http://www.nytimes.com/2009/03/29/technology/29spy.html (via secondary quotes)",
	"Wikipedia, GhostNet (2015 snapshot), http://the-uncensored-wiki.com:20151/2015-wikipedia_en_all_2015-05/A/GhostNet.html",
	"BBC News, 29 March 2009, http://news.bbc.co.uk/2/hi/americas/7970471.stm",
	"The Malta Independent, 31 March 2009, https://www.independent.com.mt/articles/2009-03-31/news/information-warfare-monitor-whistleblower-report-ghostnet-cyber-spies-hacked-into-five-maltese-computers-222637",
	"techgeek.com.au, 29 March 2009 (Taiwan 148, Vietnam 130 read from the report's map; control server in North California), https://techgeek.com.au/2009/03/29/researchers-uncover-major-cyber-spying-network/",
	"The Navhind Times, 30 March 2009 (India fourth), http://www.navhindtimes.com/story.php?story=2009033021",
	"maravis.com (control server in Southern California), http://www.maravis.com/cyber-spying-network-unearthed/",
}
