-- Files through Lua's io and os libraries, in the folder given as arg[1]
-- (seeded with Lua's README and doc/): reads, writes in every open mode,
-- appends, seeks, lines, numbers, buffering, renames, removals and the
-- errors Linux gives for them. The output shows what was read back as
-- checksums; the files left behind are compared by the harness.
local dir = assert(arg[1], "usage: lua - DIR")

local function path(name)
  return dir .. "/" .. name
end

-- Adler-32 of s with its length, to keep the output short.
local function sum(s)
  local a, b = 1, 0
  for i = 1, #s do
    a = (a + s:byte(i)) % 65521
    b = (b + a) % 65521
  end
  return string.format("%d bytes, adler32 %08x", #s, b * 65536 + a)
end

local function slurp(name)
  local f = assert(io.open(path(name), "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- Reading what the seed holds.
local manual = slurp("doc/manual.html")
print("README", sum(slurp("README")))
print("manual", sum(manual))
print("logo", sum(slurp("doc/logo.gif")))
local lines, longest = 0, 0
for line in io.lines(path("doc/manual.html")) do
  lines = lines + 1
  longest = math.max(longest, #line)
end
print("manual lines", lines, longest)
local f = assert(io.open(path("doc/lua.1")))
print("lua.1 first lines", f:read("l", "L", 5))
f:close()

-- "w" creates and truncates; "a" appends.
f = assert(io.open(path("new.txt"), "w"))
for i = 1, 1000 do
  f:write(i, " ", string.rep("x", i % 17), "\n")
end
f:close()
print("new.txt", sum(slurp("new.txt")))
f = assert(io.open(path("new.txt"), "a"))
f:write("appended\n")
print("position after append", f:seek())
f:close()
f = assert(io.open(path("new.txt"), "w"))
f:write("short\n")
f:close()
print("truncated", sum(slurp("new.txt")))
f = assert(io.open(path("new.txt"), "a"))
for i = 1, 300 do
  f:write(string.format("%04d %s\n", i, manual:sub(i * 40, i * 40 + 30)))
end
f:close()
print("appended to truncated", sum(slurp("new.txt")))

-- "r+" writes in the middle without truncating.
f = assert(io.open(path("new.txt"), "r+"))
print("seek set", f:seek("set", 100))
f:write("MIDDLE")
print("seek end", f:seek("end"))
print("seek back", f:seek("cur", -20))
print("tail", f:read("a"))
f:close()
print("new.txt after r+", sum(slurp("new.txt")))

-- "w+b" writes every byte value, then reads it back.
local bytes = {}
for i = 0, 255 do
  bytes[#bytes + 1] = string.char(i)
end
local block = table.concat(bytes):rep(64)
f = assert(io.open(path("bytes.bin"), "w+b"))
f:write(block, block)
print("w+ size", f:seek("end"))
f:seek("set", 0)
print("w+ read back", f:read(#block) == block, f:read(#block) == block)
print("at end", f:read(1), f:read(0))
f:seek("set", 4095)
print("bytes at 4095", f:read(3):byte(1, -1))
f:close()

-- Numbers, and io.output/io.input as the default files.
io.output(path("numbers"))
io.write("1 2.5 0x10 -7 1e3\n", "not a number\n")
io.close()
io.output(io.stdout)
io.input(path("numbers"))
print("numbers", io.read("n", "n", "n", "n", "n"))
print("then", io.read("n"), io.read("l"), io.read("l"), io.read("l"))
io.close(io.input())
io.input(io.stdin)

-- A larger file through a small full buffer and through no buffer.
f = assert(io.open(path("big.dat"), "wb"))
f:setvbuf("full", 1000)
for i = 1, 200 do
  f:write(manual:sub(i * 100, i * 100 + 1500))
end
f:close()
print("big.dat", sum(slurp("big.dat")))
f = assert(io.open(path("big.dat"), "ab"))
f:setvbuf("no")
for i = 1, 50 do
  f:write(tostring(i), ",")
end
f:close()
print("big.dat unbuffered tail", sum(slurp("big.dat")))

-- Renames, removals, and their errors.
print("rename", os.rename(path("numbers"), path("numbers.txt")))
print("open the old name", io.open(path("numbers")))
print("remove", os.remove(path("numbers.txt")))
print("remove again", os.remove(path("numbers.txt")))
print("rename a missing file", os.rename(path("nothing"), path("x")))
print("open in a missing folder", io.open(path("no/such"), "w"))
print("open a folder for writing", io.open(path("doc"), "w"))
print("remove a non-empty folder", os.remove(path("doc")))
f = assert(io.open(path("doc"), "r"))
print("read a folder", f:read(1))
f:close()
f = assert(io.open(path("doc/replacement"), "w"))
f:write("replaced\n")
f:close()
print("rename over a file", os.rename(path("doc/replacement"), path("doc/lua.1")))
print("lua.1 now", slurp("doc/lua.1"))
print("rename into the top", os.rename(path("doc/luac.1"), path("luac.1")))
print("remove a binary", os.remove(path("doc/osi-certified-72x60.png")))
print("open the removed", io.open(path("doc/osi-certified-72x60.png"), "rb"))
