"""Step times of streams' starts from the trace that steps.patch makes the gateway write when it stops.

Usage: python3 steps.py /tmp/switchboard-steps.txt   (GAP=ms: a read of a client's request counts as a stream's
start when the one before came at least that long before it; 100 suits the harness's sequential streams, which
start 400 ms apart. LAST=n: only the last n starts.) Prints p50/p25/p75 of each step's time since the start, per
path: a start whose request went through the OpenAI encoder is pass-through, any other is the Gemini path.
"""
import sys, os, statistics as st, collections
GAP=float(os.environ.get('GAP','100'))*1e6
ev=[]
for line in open(sys.argv[1]):
    t,c=line.split(); ev.append((int(t),int(c)//1000000))
ev.sort()
reqs=[]; prev1=None
for i,(t,k) in enumerate(ev):
    if k!=1: continue
    if prev1 is not None and t-prev1<GAP: prev1=t; continue
    prev1=t
    offs={}
    for (u,kk) in ev[i+1:i+60]:
        if kk>=5 and kk not in offs: offs[kk]=(u-t)/1e3
        if kk==4 and 4 not in offs: offs[4]=(u-t)/1e3
        if kk==3 and 4 in offs and 3 not in offs: offs[3]=(u-t)/1e3
        if kk==2 and 3 in offs and 2 not in offs: offs[2]=(u-t)/1e3
        if kk==33 and 2 in offs: break
    reqs.append(offs)
sel=[r for r in reqs if 2 in r][-int(os.environ.get('LAST','100000')):]
print(len(reqs), len(sel))
names={21:'onCancel done',22:'encode entry',23:'encode done',30:'resp head (vertx)',31:'onBytes',32:'commit',34:'relay transform',35:'headers set',36:'resp.write',37:'resp.write done',33:'commit returned',5:'dispatch',6:'Inbound.handle',7:'begin done',8:'auth done',9:'body read',10:'admitted',11:'decoded',12:'planned/callFor',13:'acquire',14:'leased',15:'prepared',16:'client.request',17:'request() returned',18:'req ready',19:'encoded',20:'before send',4:'upstream flush',3:'upstream read',2:'client flush'}
for path,sub in (('pass-through',[r for r in sel if 22 in r]),('gemini',[r for r in sel if 22 not in r])):
  print('==',path,len(sub))
  for k in [5,6,7,8,9,10,11,12,13,14,15,16,17,18,21,22,23,19,20,4,3,30,31,32,34,35,36,37,2,33]:
    v=[r[k] for r in sub if k in r]
    if v: print('%-20s n=%3d p50 %7.1f  p25 %7.1f p75 %7.1f'%(names[k],len(v),st.median(v),st.quantiles(v,n=4)[0],st.quantiles(v,n=4)[2]))
