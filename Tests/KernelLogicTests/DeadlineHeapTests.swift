import SchedulingPolicy
import Testing

final class Sleeper: DeadlineHeapElement {
    let name: Int
    var heapSlot = -1
    init(_ name: Int) { self.name = name }
}

struct DeadlineHeapTests {
    @Test func expiresInDeadlineOrder() {
        var heap = DeadlineHeap<Sleeper>()
        let deadlines: [Int64] = [50, 10, 40, 10, 30, 20, 60]
        let sleepers = deadlines.indices.map { Sleeper($0) }
        for (sleeper, deadline) in zip(sleepers, deadlines) { heap.insert(sleeper, deadline: deadline) }
        #expect(heap.earliest == 10)
        #expect(heap.popExpired(now: 5) == nil)
        var expired: [Int64] = []
        while let sleeper = heap.popExpired(now: 45) {
            expired.append(deadlines[sleeper.name])
            #expect(sleeper.heapSlot == -1)
        }
        #expect(expired == [10, 10, 20, 30, 40])
        #expect(heap.count == 2)
        #expect(heap.earliest == 50)
    }

    @Test func removesFromAnywhere() {
        var heap = DeadlineHeap<Sleeper>()
        let sleepers = (0..<1000).map { Sleeper($0) }
        for sleeper in sleepers { heap.insert(sleeper, deadline: Int64((sleeper.name * 7919) % 1000)) }
        for sleeper in sleepers where sleeper.name % 3 == 0 { heap.remove(sleeper) }
        heap.remove(sleepers[0])   // twice: no effect
        var last: Int64 = -1
        var count = 0
        while let sleeper = heap.popExpired(now: .max) {
            let deadline = Int64((sleeper.name * 7919) % 1000)
            #expect(deadline >= last)
            #expect(sleeper.name % 3 != 0)
            last = deadline
            count += 1
        }
        #expect(count == 666)
        #expect(heap.isEmpty)
    }
}
