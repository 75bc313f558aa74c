#!/usr/bin/env python3
# The storage floor of an EPCIS capture on SQLite (issue 20): the same rows the server writes for a 1,000-event
# document (the job, the events with their stored JSON, two identifiers each), with the server's settings (WAL,
# synchronous=FULL, autocheckpoint at 16,384 pages, a PASSIVE checkpoint every 250 ms on another connection) and the
# eventID look-up, one writer and nothing else: no HTTP, no parsing, no checks.
#
#   python3 bench/floors/epcis_storage_floor.py COPY_OF_A_BENCH_DB DOCUMENTS WARM [with|without] [FULL|NORMAL]
#
# "without" drops the unique (EnterpriseId, EventId) index first (and skips the look-up it serves) to show its cost;
# NORMAL syncs the log at checkpoints only (what the platform does not trade). Run it on a copy: it writes.
import sqlite3, sys, time, uuid, json, threading, statistics
path=sys.argv[1]; docs=int(sys.argv[2]); warm=int(sys.argv[3]); index=sys.argv[4] if len(sys.argv)>4 else 'with'
sync=sys.argv[5] if len(sys.argv)>5 else 'FULL'
c=sqlite3.connect(path, isolation_level=None, check_same_thread=False)
c.execute("pragma journal_mode=WAL"); c.execute(f"pragma synchronous={sync}"); c.execute("pragma wal_autocheckpoint=16384"); c.execute("pragma foreign_keys=ON")
if index=='without': c.execute('drop index if exists "IX_epcis_events_EnterpriseId_EventId"')
ent=c.execute("select EnterpriseId from epcis_events order by Id desc limit 1").fetchone()[0]
stop=False
def checkpointer():
    k=sqlite3.connect(path, isolation_level=None)
    while not stop:
        time.sleep(0.25); k.execute("pragma wal_checkpoint(PASSIVE)").fetchall()
threading.Thread(target=checkpointer,daemon=True).start()
run=uuid.uuid4().hex[:8]
def doc(d):
    cap=str(uuid.uuid4()).upper(); ev=[]; ids=[]
    for i in range(1000):
        eid="urn:uuid:%s"%uuid.uuid4(); t="2026-03-04T19:19:59.000+08:00"
        body='{"recordTime":"2026-12-06T06:06:03.773Z","type":"ObjectEvent","eventTime":"%s","eventTimeZoneOffset":"+08:00","eventID":"%s","action":"OBSERVE","bizStep":"inspecting","disposition":"conformant","epcList":["urn:epc:id:sgtin:6901234.012345.%s%04d%04d"],"quantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.012345.%s%04d%02d","quantity":100}],"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.QM3"},"sensorElementList":[{"sensorMetadata":{"time":"%s"},"sensorReport":[{"type":"Pressure","value":0.69,"uom":"MPA"}]}]}'%(t,eid,run,d,i,run,d,i//100,t)
        ev.append([None,ent,eid,'ObjectEvent',639082199990000000+i,'+08:00',639321339637736158,'OBSERVE','inspecting','conformant','urn:epc:id:sgln:6901234.00001.QM3',None,cap,None,None,None,body])
        ids.append(("urn:epc:id:sgtin:6901234.012345.%s%04d%04d"%(run,d,i),"urn:epc:class:lgtin:6901234.012345.%s%04d%02d"%(run,d,i//100)))
    return cap,ev,ids
times=[]
for d in range(warm+docs):
    cap,ev,ids=doc(d)
    t0=time.perf_counter()
    c.execute("begin immediate")
    c.execute('insert into epcis_capture_jobs values (?,?,?,?,0,1,1000,0,0,null,?)',(cap,ent,0,0,'bench'))
    if index=='with': known=c.execute('select EventId from epcis_events where EnterpriseId=? and EventId in (select value from json_each(?))',(ent,json.dumps([e[2] for e in ev]))).fetchall()
    last=c.execute('select coalesce(max(Id),0) from epcis_events').fetchone()[0]
    for i,e in enumerate(ev): e[0]=last+1+i
    c.executemany('insert into epcis_events values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',ev)
    c.executemany('insert into epcis_event_epcs values (?,?,?,?)',[x for i,(a,b) in enumerate(ids) for x in ((a,ent,last+1+i,0),(b,ent,last+1+i,5))])
    c.execute("commit")
    if d>=warm: times.append(time.perf_counter()-t0)
stop=True
med=statistics.median(times); tot=sum(times)
print(f"{index} index, synchronous={sync}: {docs} documents after {warm}: write section median {med*1000:.1f} ms, mean {tot/docs*1000:.1f} ms -> {1000*docs/tot:,.0f} events/s (one writer, nothing else)")
