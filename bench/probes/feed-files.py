#!/usr/bin/env python3
"""Writes the portal bench's feed files to disk (docs/benchmarks.md, tenth session): cpsc0/1.json, 10,000 CPSC
SaferProducts records each (one product in ten an impact wrench), and tbt0/1.json, 10,000 WTO ePing notifications
with Chinese titles (half with HS 848120), as bench/QualityZone.Bench/PortalBench.cs builds them.

    python3 bench/probes/feed-files.py /tmp/feeds
"""
import datetime, json, os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/feeds"
os.makedirs(out, exist_ok=True)
random.seed(7)
products = ["Pneumatic impact wrench", "Children's bicycle helmet", "Space heater", "Baby stroller", "Dehumidifier", "LED lamp", "Power bank", "Hair dryer", "Toy drone", "Window blind"]
subjects = ["电磁阀", "气缸", "减压阀", "快插接头", "过滤器", "气动工具", "压缩空气", "气管", "换向阀", "机械安全"]
topics = ["能效要求", "标签和说明书", "有害物质限量", "合格评定程序", "泄漏试验方法", "安全技术规范"]
today = datetime.date.today()
for f in range(2):
    records = [{"RecallID": f * 10000 + i, "RecallNumber": f"X{f}-{i}", "RecallDate": str(today - datetime.timedelta(days=random.randrange(3650))),
                "LastPublishDate": str(today), "Title": f"{random.choice(products)} recalled due to {random.choice(['fire', 'injury'])} hazard",
                "Description": "The product can overheat, posing a fire hazard to consumers.", "URL": "https://www.cpsc.gov/Recalls",
                "Products": [{"Name": random.choice(products), "Model": f"M-{i}", "Type": "Household", "NumberOfUnits": "About 1,000"}],
                "Hazards": [{"Name": "Fire"}], "Remedies": [{"Name": "Refund"}], "Manufacturers": [{"Name": "Example Manufacturing Co."}],
                "ManufacturerCountries": [{"Country": "China"}]} for i in range(10000)]
    json.dump(records, open(os.path.join(out, f"cpsc{f}.json"), "w"))
for f in range(2):
    items = [{"documentSymbol": f"G/TBT/N/X{f}/{i}", "notifyingMember": ["European Union", "Russian Federation", "United States of America"][i % 3],
              "distributionDate": str(today - datetime.timedelta(days=random.randrange(1500))), "finalDateForComments": str(today + datetime.timedelta(days=random.randrange(60))),
              "title": f"关于{random.choice(subjects)}{random.choice(topics)}的技术法规草案（第 {i} 号）", "description": f"规定{random.choice(subjects)}的{random.choice(topics)}。",
              "hsCodes": ["848120"] if i % 2 == 0 else []} for i in range(10000)]
    json.dump({"items": items}, open(os.path.join(out, f"tbt{f}.json"), "w"), ensure_ascii=False)
