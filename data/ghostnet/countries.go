package ghostnet

// This file is the reconstructed geography: how many hosts each country gets
// and the cities they are placed around. Only these facts constrain it: 103
// countries; Taiwan 148 and Vietnam 130 (press reading of the report's map);
// the ranking Taiwan > United States > Vietnam > India (R p.41); every Table-2
// location as a lower bound; at least one host in Mexico (R fn 48); and the
// South/Southeast-Asian "arc" (R p.48). Every other count is ours.

// City is a populated place hosts are scattered around.
type City struct {
	Name     string
	Lon, Lat float64
}

// place is one country of the reconstruction.
type place struct {
	Country string  // alpha-2
	Hosts   int     // hosts in this country
	Radius  float64 // jitter radius in degrees around a city
	Cities  []City  // 1–3 major cities; hosts pick one at random
}

// City coordinates are nudged (by up to 0.05°) where Natural Earth's 1:50m
// coastline puts the city centre in the sea.

// Default jitter radii: most countries, and small states or city-states
// where 0.2° would leave the country.
const (
	wide  = 0.2
	small = 0.03
)

// places lists the 103 countries. The first four are the reported leaders in
// order; only Taiwan's and Vietnam's counts are reported (ReportedCounts).
// The US (140, strictly between 130 and 148), India (96, above every other
// country) and all the rest are our choices; Malta's 5 is the Table-2 floor
// (hosts printed MT), not the press's five Maltese computers, which were in
// four countries.
var places = []place{
	{"TW", 148, wide, []City{{"Taipei", 121.565, 25.033}, {"Taichung", 120.679, 24.148}, {"Kaohsiung", 120.301, 22.627}}},
	{"US", 140, wide, []City{{"Washington", -77.037, 38.907}, {"New York", -73.976, 40.683}, {"Los Angeles", -118.244, 34.052}}},
	{"VN", 130, wide, []City{{"Hanoi", 105.834, 21.028}, {"Ho Chi Minh City", 106.630, 10.823}, {"Da Nang", 108.202, 16.054}}},
	{"IN", 96, wide, []City{{"New Delhi", 77.209, 28.614}, {"Mumbai", 72.878, 19.076}, {"Bangalore", 77.595, 12.972}}},

	// The "arc" and the rest of East, South and Southeast Asia.
	{"CN", 46, wide, []City{{"Beijing", 116.407, 39.904}, {"Shanghai", 121.474, 31.230}, {"Guangzhou", 113.264, 23.129}}},
	{"MY", 43, wide, []City{{"Kuala Lumpur", 101.687, 3.139}, {"George Town", 100.333, 5.415}, {"Johor Bahru", 103.741, 1.493}}},
	{"HK", 44, small, []City{{"Hong Kong", 114.189, 22.349}, {"Sha Tin", 114.190, 22.383}}},
	{"PH", 42, wide, []City{{"Manila", 120.984, 14.600}, {"Cebu", 123.885, 10.316}, {"Davao", 125.613, 7.190}}},
	{"ID", 38, wide, []City{{"Jakarta", 106.846, -6.208}, {"Surabaya", 112.732, -7.280}, {"Bandung", 107.619, -6.917}}},
	{"TH", 30, wide, []City{{"Bangkok", 100.502, 13.756}, {"Chiang Mai", 98.993, 18.788}}},
	{"BD", 26, wide, []City{{"Dhaka", 90.412, 23.810}, {"Chittagong", 91.783, 22.357}}},
	{"KR", 24, wide, []City{{"Seoul", 126.978, 37.567}, {"Busan", 129.076, 35.180}}},
	{"SG", 20, small, []City{{"Singapore", 103.820, 1.352}}},
	{"JP", 18, wide, []City{{"Tokyo", 139.692, 35.690}, {"Osaka", 135.502, 34.694}}},
	{"PK", 16, wide, []City{{"Islamabad", 73.048, 33.684}, {"Karachi", 67.010, 24.861}}},
	{"BT", 14, 0.1, []City{{"Thimphu", 89.639, 27.472}}},
	{"LA", 12, 0.1, []City{{"Vientiane", 102.633, 17.975}}},
	{"NP", 12, 0.1, []City{{"Kathmandu", 85.324, 27.717}}},
	{"BN", 9, small, []City{{"Bandar Seri Begawan", 114.940, 4.903}}},
	{"LK", 8, 0.1, []City{{"Colombo", 79.861, 6.927}}},
	{"MM", 6, wide, []City{{"Yangon", 96.196, 16.866}}},
	{"KH", 6, wide, []City{{"Phnom Penh", 104.928, 11.556}}},
	{"MN", 4, wide, []City{{"Ulaanbaatar", 106.906, 47.887}}},
	{"TL", 4, 0.1, []City{{"Dili", 125.573, -8.556}}},
	{"MV", 3, small, []City{{"Male", 73.509, 4.175}}},
	{"KZ", 3, wide, []City{{"Almaty", 76.886, 43.239}}},
	{"UZ", 2, wide, []City{{"Tashkent", 69.240, 41.299}}},

	// Europe.
	{"GB", 20, wide, []City{{"London", -0.128, 51.507}, {"Manchester", -2.244, 53.483}}},
	{"DE", 16, wide, []City{{"Berlin", 13.405, 52.520}, {"Frankfurt", 8.682, 50.110}}},
	{"BE", 15, 0.1, []City{{"Brussels", 4.352, 50.847}, {"Antwerp", 4.402, 51.219}}},
	{"NL", 14, 0.1, []City{{"Amsterdam", 4.904, 52.368}, {"The Hague", 4.300, 52.071}}},
	{"FR", 10, wide, []City{{"Paris", 2.352, 48.857}, {"Lyon", 4.835, 45.764}}},
	{"IT", 8, wide, []City{{"Rome", 12.496, 41.903}, {"Milan", 9.190, 45.464}}},
	{"ES", 8, wide, []City{{"Madrid", -3.704, 40.417}, {"Barcelona", 2.173, 41.385}}},
	{"RU", 8, wide, []City{{"Moscow", 37.618, 55.756}, {"Saint Petersburg", 30.336, 59.934}}},
	{"PL", 6, wide, []City{{"Warsaw", 21.012, 52.230}}},
	{"CH", 5, 0.1, []City{{"Zurich", 8.541, 47.377}, {"Bern", 7.447, 46.948}}},
	{"SE", 5, wide, []City{{"Stockholm", 18.069, 59.299}}},
	{"RO", 5, wide, []City{{"Bucharest", 26.103, 44.427}}},
	{"MT", 5, small, []City{{"Valletta", 14.514, 35.899}}},
	{"AT", 4, 0.1, []City{{"Vienna", 16.373, 48.208}}},
	{"FI", 4, wide, []City{{"Helsinki", 24.938, 60.170}}},
	{"CZ", 4, wide, []City{{"Prague", 14.438, 50.076}}},
	{"GR", 4, 0.1, []City{{"Athens", 23.728, 37.984}}},
	{"PT", 4, 0.1, []City{{"Lisbon", -9.149, 38.762}}},
	{"UA", 4, wide, []City{{"Kyiv", 30.523, 50.450}}},
	{"DK", 3, 0.1, []City{{"Copenhagen", 12.548, 55.686}}},
	{"NO", 3, wide, []City{{"Oslo", 10.752, 59.914}}},
	{"HU", 3, 0.1, []City{{"Budapest", 19.040, 47.498}}},
	{"IE", 3, 0.1, []City{{"Dublin", -6.260, 53.350}}},
	{"BG", 3, 0.1, []City{{"Sofia", 23.322, 42.698}}},
	{"LV", 3, 0.1, []City{{"Riga", 24.105, 56.950}}},
	{"CY", 3, small, []City{{"Limassol", 33.044, 34.707}}},
	{"HR", 2, 0.1, []City{{"Zagreb", 15.982, 45.815}}},
	{"SK", 2, 0.1, []City{{"Bratislava", 17.107, 48.149}, {"Kosice", 21.258, 48.716}}},
	{"SI", 2, 0.1, []City{{"Ljubljana", 14.506, 46.057}}},
	{"LT", 2, 0.1, []City{{"Vilnius", 25.280, 54.687}}},
	{"EE", 2, 0.1, []City{{"Tallinn", 24.754, 59.437}}},
	{"RS", 2, 0.1, []City{{"Belgrade", 20.457, 44.787}}},

	// Oceania.
	{"AU", 14, wide, []City{{"Canberra", 149.130, -35.281}, {"Sydney", 151.209, -33.869}, {"Melbourne", 144.963, -37.814}}},
	{"SB", 5, small, []City{{"Honiara", 159.972, -9.446}}},
	{"NZ", 4, wide, []City{{"Wellington", 174.776, -41.289}, {"Auckland", 174.763, -36.848}}},
	{"PG", 2, 0.1, []City{{"Port Moresby", 147.180, -9.443}}},
	{"FJ", 2, small, []City{{"Suva", 178.451, -18.112}}},

	// The Americas.
	{"CA", 12, wide, []City{{"Ottawa", -75.697, 45.421}, {"Toronto", -79.383, 43.653}, {"Vancouver", -123.121, 49.283}}},
	{"VE", 12, wide, []City{{"Caracas", -66.904, 10.481}, {"Maracaibo", -71.640, 10.654}}},
	{"BR", 10, wide, []City{{"Sao Paulo", -46.633, -23.551}, {"Brasilia", -47.883, -15.794}, {"Rio de Janeiro", -43.223, -22.907}}},
	{"BB", 5, small, []City{{"Bridgetown", -59.599, 13.098}}},
	{"AR", 5, wide, []City{{"Buenos Aires", -58.382, -34.604}}},
	{"CL", 4, 0.1, []City{{"Santiago", -70.669, -33.449}}},
	{"CO", 4, wide, []City{{"Bogota", -74.072, 4.711}}},
	{"PE", 3, 0.1, []City{{"Lima", -77.043, -12.046}}},
	{"EC", 2, 0.1, []City{{"Quito", -78.468, -0.181}}},
	{"PA", 2, 0.1, []City{{"Panama City", -79.519, 8.983}}},
	{"CR", 2, 0.1, []City{{"San Jose", -84.091, 9.928}}},
	{"GT", 2, 0.1, []City{{"Guatemala City", -90.507, 14.635}}},
	{"JM", 2, small, []City{{"Kingston", -76.793, 17.997}}},
	{"TT", 2, small, []City{{"Port of Spain", -61.519, 10.654}}},
	{"DO", 2, 0.1, []City{{"Santo Domingo", -69.931, 18.486}}},
	{"CU", 1, 0.1, []City{{"Havana", -82.367, 23.113}}},
	{"MX", 1, 0.1, []City{{"Mexico City", -99.133, 19.433}}},

	// Middle East and Africa.
	{"AE", 8, 0.1, []City{{"Dubai", 55.271, 25.205}, {"Abu Dhabi", 54.377, 24.453}}},
	{"SA", 6, wide, []City{{"Riyadh", 46.676, 24.713}, {"Jeddah", 39.193, 21.486}}},
	{"TR", 6, wide, []City{{"Istanbul", 28.948, 41.028}, {"Ankara", 32.859, 39.933}}},
	{"IR", 4, wide, []City{{"Tehran", 51.389, 35.689}}},
	{"IL", 4, 0.1, []City{{"Tel Aviv", 34.781, 32.085}}},
	{"EG", 4, wide, []City{{"Cairo", 31.236, 30.044}}},
	{"ZA", 4, wide, []City{{"Johannesburg", 28.047, -26.204}, {"Cape Town", 18.424, -33.925}}},
	{"NG", 4, wide, []City{{"Lagos", 3.379, 6.524}, {"Abuja", 7.399, 9.076}}},
	{"QA", 3, small, []City{{"Doha", 51.531, 25.285}}},
	{"KW", 3, small, []City{{"Kuwait City", 47.978, 29.376}}},
	{"KE", 3, wide, []City{{"Nairobi", 36.822, -1.292}}},
	{"MA", 3, wide, []City{{"Casablanca", -7.589, 33.573}, {"Rabat", -6.850, 34.020}}},
	{"OM", 2, 0.1, []City{{"Muscat", 58.405, 23.588}}},
	{"JO", 2, 0.1, []City{{"Amman", 35.931, 31.955}}},
	{"LB", 2, small, []City{{"Beirut", 35.532, 33.873}}},
	{"BH", 2, small, []City{{"Manama", 50.546, 26.218}}},
	{"TZ", 2, wide, []City{{"Dar es Salaam", 39.208, -6.792}}},
	{"GH", 2, wide, []City{{"Accra", -0.187, 5.604}}},
	{"ET", 2, wide, []City{{"Addis Ababa", 38.757, 9.005}}},
	{"DZ", 2, wide, []City{{"Algiers", 3.059, 36.754}}},
	{"TN", 2, 0.1, []City{{"Tunis", 10.182, 36.807}}},
	{"LY", 1, 0.1, []City{{"Tripoli", 13.191, 32.888}}},
}

// orgCities puts Table-2 organisations whose city is known from their name
// (or, for the Tibetan bodies, from the field work in Dharamsala) at that
// city instead of a random one of their country. Only used when the host is
// placed in the given country.
var orgCities = map[string]struct {
	Country string
	City    City
}{
	"Office of the Dalai Lama, India":                  {"IN", City{"Dharamsala", 76.323, 32.219}},
	"Tibetan Government in Exile, India":               {"IN", City{"Dharamsala", 76.323, 32.219}},
	"Deloitte & Touche, New York":                      {"US", City{"New York", -73.976, 40.683}},
	"Embassy of India, USA":                            {"US", City{"Washington", -77.037, 38.907}},
	"Embassy of China, US":                             {"US", City{"Washington", -77.037, 38.907}},
	"Pakistan Mission to The United Nations":           {"US", City{"New York", -73.976, 40.683}},
	"Permanent Mission of Cuba to the United Nations":  {"US", City{"New York", -73.976, 40.683}},
	"New Tang Dynasty Television, United States":       {"US", City{"New York", -73.976, 40.683}},
	"Students for a Free Tibet, United States":         {"US", City{"New York", -73.976, 40.683}},
	"Ministry of Industry and Trade, Vietnam":          {"VN", City{"Hanoi", 105.834, 21.028}},
	"PetroVietnam":                                     {"VN", City{"Hanoi", 105.834, 21.028}},
	"TAITRA, Taiwan":                                   {"TW", City{"Taipei", 121.565, 25.033}},
	"CanTV, Venezuela":                                 {"VE", City{"Caracas", -66.904, 10.481}},
	"National Informatics Centre, India":               {"IN", City{"New Delhi", 77.209, 28.614}},
	"Asian Development Bank":                           {"PH", City{"Manila", 120.984, 14.600}},
	"ASEAN":                                            {"ID", City{"Jakarta", 106.846, -6.208}},
	"Ministry of Foreign Affairs, Bangladesh":          {"BD", City{"Dhaka", 90.412, 23.810}},
	"South Asian Association for Regional Cooperation": {"BD", City{"Dhaka", 90.412, 23.810}},
}

// servers are the 4 control and 6 command servers (R pp.30, 32). Network,
// hosting country and, for the Chinese ones, province are reported; the
// US server's state (California) is the press's, not the report's, and its
// note says so. The city and coordinates are ours: the provincial capital
// (Haikou, Guangzhou, Chengdu, Nanjing), Sha Tin for CUHKNET (the Chinese
// University of Hong Kong's network) and Los Angeles for the US web host. Servers sharing a
// province are set about 0.15° apart so their markers do not overlap.
var servers = []Server{
	{"ctl1", "control", "Control server 1 (Hainan-TELECOM)", "Hainan-TELECOM", "Hainan", "CN", "Haikou", 110.330, 20.030, "IWM JR02-2009 p.32 (network, province)", ""},
	{"ctl2", "control", "Control server 2 (US web-hosting company)", "web-hosting company", "California", "US", "Los Angeles", -118.244, 34.052, "IWM JR02-2009 pp.30, 32 (US web-hosting company); region California from press (NYT via secondary sources; Southern California per maravis.com, North California per techgeek.com.au)", noteUSServer},
	{"ctl3", "control", "Control server 3 (CHINANET-GD)", "CHINANET-GD", "Guangdong", "CN", "Guangzhou", 113.264, 23.129, "IWM JR02-2009 p.32 (network, province)", ""},
	{"ctl4", "control", "Control server 4 (CHINANET-SC)", "CHINANET-SC", "Sichuan", "CN", "Chengdu", 104.066, 30.573, "IWM JR02-2009 p.32 (network, province)", ""},
	{"cmd1", "command", "Command server 1 (CHINANET-HI)", "CHINANET-HI", "Hainan", "CN", "Haikou", 110.450, 19.900, "IWM JR02-2009 pp.30, 32 (network, province)", ""},
	{"cmd2", "command", "Command server 2 (CUHKNET)", "CUHKNET", "Hong Kong", "HK", "Sha Tin", 114.207, 22.419, "IWM JR02-2009 pp.30, 32 (network, region)", ""},
	{"cmd3", "command", "Command server 3 (CHINANET-GD)", "CHINANET-GD", "Guangdong", "CN", "Guangzhou", 113.410, 23.050, "IWM JR02-2009 pp.30, 32 (network, province)", ""},
	{"cmd4", "command", "Command server 4 (CHINANET-SC)", "CHINANET-SC", "Sichuan", "CN", "Chengdu", 104.220, 30.670, "IWM JR02-2009 pp.30, 32 (network, province)", ""},
	{"cmd5", "command", "Command server 5 (CHINANET-JS)", "CHINANET-JS", "Jiangsu", "CN", "Nanjing", 118.797, 32.060, "IWM JR02-2009 pp.30, 32 (network, province)", ""},
	{"cmd6", "command", "Command server 6 (CHINANET-SC)", "CHINANET-SC", "Sichuan", "CN", "Chengdu", 103.920, 30.670, "IWM JR02-2009 pp.30, 32 (network, province)", ""},
}
