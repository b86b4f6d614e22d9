"""The partner institutions: 156 counted, from 32 countries and regions (Hong Kong, Macao and Taiwan as regions), the
ones whose relations ended, and their cities in Chinese."""

from partners.models import Institution

IK = Institution.Kind

# The overview's figures: "more than 150" partners from 32 countries and regions, "more than 50" universities with a
# mobility agreement in force (double degree, student exchange or short visit).
COUNTED_INSTITUTIONS = 156
PARTNER_COUNTRIES = 32
MOBILITY_UNIVERSITIES = 53

# Universities by country: (English name, Chinese name, city).
UNIVERSITIES = {
    "US": [
        ("Texas Southern University", "德克萨斯南方大学", "Houston"),
        ("University of Illinois Urbana-Champaign", "伊利诺伊大学厄巴纳-香槟分校", "Urbana"),
        ("Purdue University", "普渡大学", "West Lafayette"),
        ("Georgia Institute of Technology", "佐治亚理工学院", "Atlanta"),
        ("University of California, Berkeley", "加州大学伯克利分校", "Berkeley"),
        ("Pennsylvania State University", "宾夕法尼亚州立大学", "University Park"),
        ("University of Delaware", "特拉华大学", "Newark"),
        ("Michigan State University", "密歇根州立大学", "East Lansing"),
        ("Rutgers University", "罗格斯大学", "New Brunswick"),
        ("University of Maryland", "马里兰大学", "College Park"),
        ("Northeastern University", "美国东北大学", "Boston"),
        ("University of Nebraska-Lincoln", "内布拉斯加大学林肯分校", "Lincoln"),
        ("Portland State University", "波特兰州立大学", "Portland"),
        ("San Jose State University", "圣何塞州立大学", "San Jose"),
    ],
    "GB": [
        ("University of Birmingham", "伯明翰大学", "Birmingham"),
        ("University of Leeds", "利兹大学", "Leeds"),
        ("University of Southampton", "南安普顿大学", "Southampton"),
        ("Loughborough University", "拉夫堡大学", "Loughborough"),
        ("University of Nottingham", "诺丁汉大学", "Nottingham"),
        ("Newcastle University", "纽卡斯尔大学", "Newcastle upon Tyne"),
        ("University of Huddersfield", "哈德斯菲尔德大学", "Huddersfield"),
        ("Lancaster University", "兰卡斯特大学", "Lancaster"),
        ("University of Glasgow", "格拉斯哥大学", "Glasgow"),
        ("Heriot-Watt University", "赫瑞-瓦特大学", "Edinburgh"),
    ],
    "FR": [
        ("EPITECH", "法国EPITECH信息技术学院", "Paris"),
        ("École Centrale de Lyon", "里昂中央理工学院", "Lyon"),
        ("École des Ponts ParisTech", "巴黎高科路桥学院", "Champs-sur-Marne"),
        ("Université de Technologie de Compiègne", "贡比涅技术大学", "Compiègne"),
        ("INSA Lyon", "里昂国立应用科学学院", "Lyon"),
        ("Université Gustave Eiffel", "古斯塔夫·埃菲尔大学", "Champs-sur-Marne"),
        ("Université de Lille", "里尔大学", "Lille"),
        ("Grenoble INP", "格勒诺布尔理工学院", "Grenoble"),
        ("Université de Technologie de Belfort-Montbéliard", "贝尔福-蒙贝利亚技术大学", "Belfort"),
        ("ESIGELEC", "", "Rouen"),
    ],
    "DE": [
        ("Technische Universität Berlin", "柏林工业大学", "Berlin"),
        ("RWTH Aachen University", "亚琛工业大学", "Aachen"),
        ("Technische Universität Dresden", "德累斯顿工业大学", "Dresden"),
        ("Karlsruhe Institute of Technology", "卡尔斯鲁厄理工学院", "Karlsruhe"),
        ("Technical University of Munich", "慕尼黑工业大学", "Munich"),
        ("Technische Universität Braunschweig", "不伦瑞克工业大学", "Braunschweig"),
        ("University of Stuttgart", "斯图加特大学", "Stuttgart"),
        ("Technische Universität Darmstadt", "达姆施塔特工业大学", "Darmstadt"),
        ("Hochschule Bremen", "不莱梅应用科学大学", "Bremen"),
        ("Leibniz University Hannover", "汉诺威大学", "Hanover"),
    ],
    "BE": [
        ("KU Leuven", "鲁汶大学", "Leuven"),
        ("Ghent University", "根特大学", "Ghent"),
        ("Université libre de Bruxelles", "布鲁塞尔自由大学", "Brussels"),
        ("University of Antwerp", "安特卫普大学", "Antwerp"),
        ("Université catholique de Louvain", "新鲁汶大学", "Louvain-la-Neuve"),
    ],
    "NL": [
        ("Delft University of Technology", "代尔夫特理工大学", "Delft"),
        ("Eindhoven University of Technology", "埃因霍温理工大学", "Eindhoven"),
        ("University of Twente", "特温特大学", "Enschede"),
        ("Erasmus University Rotterdam", "鹿特丹伊拉斯姆斯大学", "Rotterdam"),
    ],
    "IT": [
        ("Politecnico di Milano", "米兰理工大学", "Milan"),
        ("Politecnico di Torino", "都灵理工大学", "Turin"),
        ("Sapienza University of Rome", "罗马大学", "Rome"),
        ("University of Bologna", "博洛尼亚大学", "Bologna"),
    ],
    "ES": [
        ("Universidad Politécnica de Madrid", "马德里理工大学", "Madrid"),
        ("Universitat Politècnica de Catalunya", "加泰罗尼亚理工大学", "Barcelona"),
        ("University of Granada", "格拉纳达大学", "Granada"),
    ],
    "SE": [
        ("KTH Royal Institute of Technology", "瑞典皇家理工学院", "Stockholm"),
        ("Chalmers University of Technology", "查尔姆斯理工大学", "Gothenburg"),
        ("Linköping University", "林雪平大学", "Linköping"),
    ],
    "FI": [
        ("Aalto University", "阿尔托大学", "Espoo"),
        ("Tampere University", "坦佩雷大学", "Tampere"),
        ("University of Oulu", "奥卢大学", "Oulu"),
    ],
    "DK": [
        ("Technical University of Denmark", "丹麦技术大学", "Lyngby"),
        ("Aalborg University", "奥尔堡大学", "Aalborg"),
    ],
    "CH": [
        ("ETH Zurich", "苏黎世联邦理工学院", "Zurich"),
        ("EPFL", "洛桑联邦理工学院", "Lausanne"),
    ],
    "AT": [
        ("Graz University of Technology", "格拉茨工业大学", "Graz"),
        ("TU Wien", "维也纳工业大学", "Vienna"),
    ],
    "PT": [
        ("University of Lisbon", "里斯本大学", "Lisbon"),
        ("University of Porto", "波尔图大学", "Porto"),
    ],
    "IE": [
        ("University College Dublin", "都柏林大学学院", "Dublin"),
        ("Trinity College Dublin", "都柏林圣三一大学", "Dublin"),
    ],
    "PL": [
        ("Warsaw University of Technology", "华沙理工大学", "Warsaw"),
        ("Poznan University of Technology", "波兹南理工大学", "Poznań"),
    ],
    "CZ": [
        ("Czech Technical University in Prague", "布拉格捷克理工大学", "Prague"),
        ("University of Pardubice", "帕尔杜比采大学", "Pardubice"),
    ],
    "HU": [
        ("Budapest University of Technology and Economics", "布达佩斯技术与经济大学", "Budapest"),
        ("Széchenyi István University", "塞切尼·伊斯特万大学", "Győr"),
    ],
    "RU": [
        ("Russian University of Transport", "俄罗斯交通大学", "Moscow"),
        ("Emperor Alexander I St. Petersburg State Transport University", "圣彼得堡国立交通大学", "Saint Petersburg"),
        ("Ural State University of Railway Transport", "乌拉尔国立交通大学", "Yekaterinburg"),
        ("Siberian Transport University", "西伯利亚国立交通大学", "Novosibirsk"),
        ("Bauman Moscow State Technical University", "莫斯科鲍曼国立技术大学", "Moscow"),
    ],
    "BY": [
        ("Belarusian State University of Transport", "白俄罗斯国立交通大学", "Gomel"),
        ("Belarusian National Technical University", "白俄罗斯国立技术大学", "Minsk"),
    ],
    "KZ": [
        ("Kazakh Academy of Transport and Communications", "哈萨克交通与通讯学院", "Almaty"),
        ("Al-Farabi Kazakh National University", "哈萨克斯坦国立大学", "Almaty"),
        ("L.N. Gumilyov Eurasian National University", "欧亚国立大学", "Astana"),
    ],
    "JP": [
        ("Tohoku University", "日本东北大学", "Sendai"),
        ("Nagoya University", "名古屋大学", "Nagoya"),
        ("Waseda University", "早稻田大学", "Tokyo"),
        ("Kyushu University", "九州大学", "Fukuoka"),
        ("Tokyo Institute of Technology", "东京工业大学", "Tokyo"),
        ("Nihon University", "日本大学", "Tokyo"),
    ],
    "KR": [
        ("Seoul National University of Science and Technology", "首尔科学技术大学", "Seoul"),
        ("Korea National University of Transportation", "韩国交通大学", "Chungju"),
        ("Woosong University", "又松大学", "Daejeon"),
        ("Hanyang University", "汉阳大学", "Seoul"),
        ("Korea University", "高丽大学", "Seoul"),
        ("Ajou University", "韩国亚洲大学", "Suwon"),
    ],
    "SG": [
        ("National University of Singapore", "新加坡国立大学", "Singapore"),
        ("Nanyang Technological University", "南洋理工大学", "Singapore"),
    ],
    "MY": [
        ("University of Malaya", "马来亚大学", "Kuala Lumpur"),
        ("Universiti Teknologi Malaysia", "马来西亚理工大学", "Johor Bahru"),
    ],
    "TH": [
        ("Chulalongkorn University", "朱拉隆功大学", "Bangkok"),
        ("King Mongkut's Institute of Technology Ladkrabang", "泰国先皇技术学院", "Bangkok"),
    ],
    "AU": [
        ("University of Wollongong", "卧龙岗大学", "Wollongong"),
        ("Monash University", "莫纳什大学", "Melbourne"),
        ("University of New South Wales", "新南威尔士大学", "Sydney"),
        ("Queensland University of Technology", "昆士兰科技大学", "Brisbane"),
        ("University of Technology Sydney", "悉尼科技大学", "Sydney"),
        ("Central Queensland University", "中央昆士兰大学", "Rockhampton"),
    ],
    "NZ": [
        ("University of Auckland", "奥克兰大学", "Auckland"),
        ("University of Canterbury", "坎特伯雷大学", "Christchurch"),
    ],
    "CA": [
        ("University of Waterloo", "滑铁卢大学", "Waterloo"),
        ("University of Toronto", "多伦多大学", "Toronto"),
        ("University of British Columbia", "英属哥伦比亚大学", "Vancouver"),
        ("Concordia University", "康考迪亚大学", "Montreal"),
        ("University of Calgary", "卡尔加里大学", "Calgary"),
    ],
    "HK": [
        ("The Hong Kong Polytechnic University", "香港理工大学", "Hong Kong"),
        ("The University of Hong Kong", "香港大学", "Hong Kong"),
        ("City University of Hong Kong", "香港城市大学", "Hong Kong"),
        ("The Chinese University of Hong Kong", "香港中文大学", "Hong Kong"),
    ],
    "MO": [
        ("University of Macau", "澳门大学", "Macao"),
        ("Macau University of Science and Technology", "澳门科技大学", "Macao"),
    ],
    "TW": [
        ("National Yang Ming Chiao Tung University", "阳明交通大学", "Hsinchu"),
        ("National Taiwan University", "台湾大学", "Taipei"),
        ("National Cheng Kung University", "成功大学", "Tainan"),
        ("National Taipei University of Technology", "台北科技大学", "Taipei"),
    ],
}

# Research institutions, companies, government bodies and others: (name, Chinese name, country, city, kind).
OTHER_PARTNERS = [
    ("Fraunhofer Institute for Transportation and Infrastructure Systems", "弗劳恩霍夫交通与基础设施系统研究所",
     "DE", "Dresden", IK.RESEARCH),
    ("German Aerospace Center (DLR)", "德国航空航天中心", "DE", "Cologne", IK.RESEARCH),
    ("Railway Technical Research Institute", "日本铁道综合技术研究所", "JP", "Kokubunji", IK.RESEARCH),
    ("Korea Railroad Research Institute", "韩国铁道技术研究院", "KR", "Uiwang", IK.RESEARCH),
    ("VTT Technical Research Centre of Finland", "芬兰国家技术研究中心", "FI", "Espoo", IK.RESEARCH),
    ("TNO", "荷兰应用科学研究组织", "NL", "The Hague", IK.RESEARCH),
    ("Inria", "法国国家信息与自动化研究所", "FR", "Paris", IK.RESEARCH),
    ("National Research Council Canada", "加拿大国家研究委员会", "CA", "Ottawa", IK.RESEARCH),
    ("CSIRO", "澳大利亚联邦科学与工业研究组织", "AU", "Canberra", IK.RESEARCH),
    ("Siemens Mobility", "西门子交通", "DE", "Munich", IK.COMPANY),
    ("Alstom", "阿尔斯通", "FR", "Saint-Ouen", IK.COMPANY),
    ("Hitachi Rail", "日立铁路", "JP", "Tokyo", IK.COMPANY),
    ("Knorr-Bremse", "克诺尔集团", "DE", "Munich", IK.COMPANY),
    ("Nokia Bell Labs", "诺基亚贝尔实验室", "FI", "Espoo", IK.COMPANY),
    ("Ericsson", "爱立信", "SE", "Stockholm", IK.COMPANY),
    ("Intel Labs", "英特尔实验室", "US", "Hillsboro", IK.COMPANY),
    ("ABB", "ABB集团", "CH", "Zurich", IK.COMPANY),
    ("German Academic Exchange Service (DAAD)", "德国学术交流中心", "DE", "Bonn", IK.GOVERNMENT),
    ("Campus France", "法国高等教育署", "FR", "Paris", IK.GOVERNMENT),
    ("Japan Student Services Organization", "日本学生支援机构", "JP", "Tokyo", IK.GOVERNMENT),
    ("Korea Rail Network Authority", "韩国铁道设施公团", "KR", "Daejeon", IK.GOVERNMENT),
    ("International Union of Railways (UIC)", "国际铁路联盟", "FR", "Paris", IK.OTHER),
    ("British Council", "英国文化协会", "GB", "London", IK.OTHER),
]  # fmt: skip

# Relations that ended: recorded, not counted (one of them from a 33rd country).
FORMER_PARTNERS = [
    ("University of Bradford", "布拉德福德大学", "GB", "Bradford"),
    ("Université de Haute-Alsace", "上阿尔萨斯大学", "FR", "Mulhouse"),
    ("Tomsk Polytechnic University", "托木斯克理工大学", "RU", "Tomsk"),
    ("University of Chile", "智利大学", "CL", "Santiago"),
]

KU_LEUVEN = "KU Leuven"
GROUP_T = "GROUP T - Leuven Institute of Technology"
GROUP_T_FORMER_NAME = "Groep T Internationale Hogeschool Leuven"
TEXAS_SOUTHERN = "Texas Southern University"

# Hong Kong, Macao and Taiwan: named apart in the overview's count of visitors.
VISITING_REGIONS = ("HK", "MO", "TW")

# The partners' cities in Chinese, as Chinese readers know them.
CITIES_ZH = {
    "Aachen": "亚琛", "Aalborg": "奥尔堡", "Almaty": "阿拉木图", "Antwerp": "安特卫普", "Astana": "阿斯塔纳",
    "Atlanta": "亚特兰大", "Auckland": "奥克兰", "Bangkok": "曼谷", "Barcelona": "巴塞罗那", "Belfort": "贝尔福",
    "Berkeley": "伯克利", "Berlin": "柏林", "Birmingham": "伯明翰", "Bologna": "博洛尼亚", "Bonn": "波恩",
    "Boston": "波士顿", "Bradford": "布拉德福德", "Braunschweig": "不伦瑞克", "Bremen": "不来梅",
    "Brisbane": "布里斯班", "Brussels": "布鲁塞尔", "Budapest": "布达佩斯", "Calgary": "卡尔加里",
    "Canberra": "堪培拉", "Champs-sur-Marne": "马恩河畔尚", "Christchurch": "基督城", "Chungju": "忠州",
    "College Park": "学院市", "Cologne": "科隆", "Compiègne": "贡比涅", "Daejeon": "大田", "Darmstadt": "达姆施塔特",
    "Delft": "代尔夫特", "Dresden": "德累斯顿", "Dublin": "都柏林", "East Lansing": "东兰辛", "Edinburgh": "爱丁堡",
    "Eindhoven": "埃因霍温", "Enschede": "恩斯赫德", "Espoo": "埃斯波", "Fukuoka": "福冈", "Ghent": "根特",
    "Glasgow": "格拉斯哥", "Gomel": "戈梅利", "Gothenburg": "哥德堡", "Granada": "格拉纳达", "Graz": "格拉茨",
    "Grenoble": "格勒诺布尔", "Győr": "杰尔", "Hanover": "汉诺威", "Hillsboro": "希尔斯伯勒", "Hong Kong": "香港",
    "Houston": "休斯敦", "Hsinchu": "新竹", "Huddersfield": "哈德斯菲尔德", "Johor Bahru": "新山",
    "Karlsruhe": "卡尔斯鲁厄", "Kokubunji": "国分寺", "Kuala Lumpur": "吉隆坡", "Lancaster": "兰卡斯特",
    "Lausanne": "洛桑", "Leeds": "利兹", "Leuven": "鲁汶", "Lille": "里尔", "Lincoln": "林肯", "Linköping": "林雪平",
    "Lisbon": "里斯本", "London": "伦敦", "Loughborough": "拉夫堡", "Louvain-la-Neuve": "新鲁汶", "Lyngby": "灵比",
    "Lyon": "里昂", "Macao": "澳门", "Madrid": "马德里", "Melbourne": "墨尔本", "Milan": "米兰", "Minsk": "明斯克",
    "Montreal": "蒙特利尔", "Moscow": "莫斯科", "Mulhouse": "米卢斯", "Munich": "慕尼黑", "Nagoya": "名古屋",
    "New Brunswick": "新不伦瑞克", "Newark": "纽瓦克", "Newcastle upon Tyne": "泰恩河畔纽卡斯尔",
    "Nottingham": "诺丁汉", "Novosibirsk": "新西伯利亚", "Ottawa": "渥太华", "Oulu": "奥卢",
    "Pardubice": "帕尔杜比采", "Paris": "巴黎", "Portland": "波特兰", "Porto": "波尔图", "Poznań": "波兹南",
    "Prague": "布拉格", "Rockhampton": "罗克汉普顿", "Rome": "罗马", "Rotterdam": "鹿特丹", "Rouen": "鲁昂",
    "Saint Petersburg": "圣彼得堡", "Saint-Ouen": "圣旺", "San Jose": "圣何塞", "Santiago": "圣地亚哥",
    "Sendai": "仙台", "Seoul": "首尔", "Singapore": "新加坡", "Southampton": "南安普敦", "Stockholm": "斯德哥尔摩",
    "Stuttgart": "斯图加特", "Suwon": "水原", "Sydney": "悉尼", "Tainan": "台南", "Taipei": "台北",
    "Tampere": "坦佩雷", "The Hague": "海牙", "Tokyo": "东京", "Tomsk": "托木斯克", "Toronto": "多伦多",
    "Turin": "都灵", "Uiwang": "义王", "University Park": "大学园", "Urbana": "厄巴纳", "Vancouver": "温哥华",
    "Vienna": "维也纳", "Warsaw": "华沙", "Waterloo": "滑铁卢", "West Lafayette": "西拉法叶", "Wollongong": "卧龙岗",
    "Yekaterinburg": "叶卡捷琳堡", "Zurich": "苏黎世",
}  # fmt: skip
